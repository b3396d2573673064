import { once } from 'node:events'
import type { Worker } from 'node:worker_threads'
import {
  decodeAnswer,
  OPERATION_CODES,
  type ShardAnswer,
  type ShardAnswerBatch,
  type ShardOperation,
  type ShardRequestBatch,
} from './shard-protocol.js'

interface Waiter {
  resolve: (answer: ShardAnswer) => void
  reject: (error: Error) => void
}

/**
 * The HTTP thread's handle on one shard worker. Operations queue until the end of the current
 * event-loop turn (setImmediate) and go as one batch, and while a batch is with the worker the
 * next one keeps growing until the answer arrives (group commit). A profile showed that the
 * cost of crossing threads is per message, not per operation: posting and waking the other
 * thread took a third of the HTTP thread's time with one small batch per turn. With one batch
 * in flight, an idle shard still answers at once, and a busy one gets fewer, larger batches.
 * The worker answers every batch in order, so the waiting promises form a FIFO queue.
 */
export class ShardClient {
  private operations: number[] = []
  private owners: string[] = []
  private readonly waiting: Waiter[] = []
  private waitingHead = 0
  private flushScheduled = false
  private batchInFlight = false
  private failure: Error | null = null

  private constructor(
    private readonly worker: Worker,
    private readonly ownerOf: (id: number) => string,
  ) {
    worker.on('message', (batch: ShardAnswerBatch) => {
      this.batchInFlight = false
      this.settle(batch.answers)
      if (this.operations.length > 0 && !this.flushScheduled) this.flush()
    })
    worker.on('error', (error) => this.fail(new Error(`a shard worker failed: ${error.message}`, { cause: error })))
    worker.on('exit', (code) => this.fail(new Error(`a shard worker exited (code ${code})`)))
  }

  static async start(worker: Worker, ownerOf: (id: number) => string): Promise<ShardClient> {
    const client = new ShardClient(worker, ownerOf)
    await once(worker, 'online')
    return client
  }

  send<T extends ShardAnswer>(operation: ShardOperation): Promise<T> {
    if (this.failure !== null) return Promise.reject(this.failure)
    this.encode(operation)
    if (!this.flushScheduled && !this.batchInFlight) {
      this.flushScheduled = true
      setImmediate(() => this.flush())
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ resolve: resolve as (answer: ShardAnswer) => void, reject })
    })
  }

  async stop(): Promise<void> {
    this.failure ??= new Error('the store is closed')
    await this.worker.terminate()
  }

  private encode(operation: ShardOperation): void {
    const code = OPERATION_CODES[operation.kind]
    switch (operation.kind) {
      case 'insert':
        this.operations.push(code, operation.id, 0, 0)
        this.owners.push(operation.owner)
        return
      case 'get':
        this.operations.push(code, operation.id, 0, 0)
        return
      case 'transfer':
        this.operations.push(code, operation.fromId, operation.toId, operation.amountCents)
        return
      case 'range':
        this.operations.push(code, operation.afterId, operation.throughId, operation.limit)
        return
      default:
        this.operations.push(code, operation.id, operation.amountCents, 0)
    }
  }

  private flush(): void {
    this.flushScheduled = false
    if (this.operations.length === 0 || this.failure !== null || this.batchInFlight) return
    this.batchInFlight = true
    const operations = Float64Array.from(this.operations)
    const batch: ShardRequestBatch = { operations, owners: this.owners }
    this.operations = []
    this.owners = []
    this.worker.postMessage(batch, [operations.buffer])
  }

  private settle(answers: Float64Array): void {
    let at = 0
    while (at < answers.length) {
      const [answer, next] = decodeAnswer(answers, at, this.ownerOf)
      at = next
      const waiter = this.waiting[this.waitingHead++]
      waiter?.resolve(answer)
    }
    // Compact the queue now and then instead of shifting on every answer.
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead)
      this.waitingHead = 0
    }
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (let i = this.waitingHead; i < this.waiting.length; i++) this.waiting[i]?.reject(error)
    this.waiting.length = 0
    this.waitingHead = 0
  }
}
