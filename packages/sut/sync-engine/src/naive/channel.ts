/**
 * A bounded queue between one producer and one consumer, like a buffered Go channel: send()
 * waits while `capacity` items are queued, and the iterator ends after close().
 */
export class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = []
  private closed = false
  private wakeConsumer: (() => void) | null = null
  private wakeProducer: (() => void) | null = null

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a channel needs a capacity of at least 1, got ${capacity}`)
  }

  async send(item: T): Promise<void> {
    if (this.closed) throw new Error('send on a closed channel')
    while (this.items.length >= this.capacity) await new Promise<void>((resolve) => (this.wakeProducer = resolve))
    this.items.push(item)
    this.wakeConsumer?.()
    this.wakeConsumer = null
  }

  close(): void {
    this.closed = true
    this.wakeConsumer?.()
    this.wakeConsumer = null
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.items.length > 0) {
        const item = this.items.shift() as T
        this.wakeProducer?.()
        this.wakeProducer = null
        yield item
        continue
      }
      if (this.closed) return
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve))
    }
  }
}
