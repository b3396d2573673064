/**
 * A readers–writer lock for async code (Go's sync.RWMutex): many readers or one writer.
 * Waiters are served in arrival order, and a waiting writer stops new readers from joining,
 * so writers are not starved by a steady stream of reads.
 */
export class AsyncRwLock {
  private activeReaders = 0
  private writerActive = false
  private readonly queue: { mode: 'read' | 'write'; grant: () => void }[] = []

  read(): Promise<() => void> {
    if (!this.writerActive && this.queue.length === 0) {
      this.activeReaders++
      return Promise.resolve(() => this.releaseRead())
    }
    return new Promise((resolve) => this.queue.push({ mode: 'read', grant: () => resolve(() => this.releaseRead()) }))
  }

  write(): Promise<() => void> {
    if (!this.writerActive && this.activeReaders === 0 && this.queue.length === 0) {
      this.writerActive = true
      return Promise.resolve(() => this.releaseWrite())
    }
    return new Promise((resolve) => this.queue.push({ mode: 'write', grant: () => resolve(() => this.releaseWrite()) }))
  }

  private releaseRead(): void {
    this.activeReaders--
    this.grantWaiting()
  }

  private releaseWrite(): void {
    this.writerActive = false
    this.grantWaiting()
  }

  private grantWaiting(): void {
    if (this.writerActive) return
    const head = this.queue[0]
    if (head === undefined) return
    if (head.mode === 'write') {
      if (this.activeReaders > 0) return
      this.queue.shift()
      this.writerActive = true
      head.grant()
      return
    }
    // Admit every reader at the head of the queue, up to the next waiting writer.
    while (this.queue[0]?.mode === 'read') {
      const reader = this.queue.shift()
      if (reader === undefined) break
      this.activeReaders++
      reader.grant()
    }
  }
}
