import type { Worker } from 'node:worker_threads'
import { siblingModule, startModuleWorker } from '../threads/start-module-worker.js'
import type { ConnectionRole, ConnectionSettings } from './connection-settings.js'
import type { SqliteAnswer, SqliteOperation, SqliteWorkerMessage, SqliteWorkerRequest } from './sqlite-operation.js'
import type { SqliteWorkerData } from './sqlite-worker.js'

const CLOSE_TIMEOUT_MS = 5000

interface PooledConnection {
  worker: Worker
  inFlight: number
}

/**
 * A fixed set of worker threads, each owning one connection to the same SQLite file. An
 * operation goes to the connection with the fewest operations in flight; each connection
 * queues its own in its worker's message queue. A pool of one is a serialised connection.
 */
export class SqliteConnectionPool {
  private readonly waiting = new Map<number, { resolve: (answer: SqliteAnswer) => void; reject: (error: Error) => void }>()
  private nextSequence = 1
  private failure: Error | null = null

  private constructor(private readonly connections: PooledConnection[]) {
    for (const connection of connections) {
      connection.worker.on('message', (message: SqliteWorkerMessage) => {
        if (message.type !== 'answer') return
        connection.inFlight--
        this.waiting.get(message.sequence)?.resolve(message.answer)
        this.waiting.delete(message.sequence)
      })
      connection.worker.on('error', (error) => this.fail(new Error(`a SQLite worker failed: ${error.message}`, { cause: error })))
      connection.worker.on('exit', (code) => this.fail(new Error(`a SQLite worker exited (code ${code})`)))
    }
  }

  static async open(file: string, settings: ConnectionSettings, role: ConnectionRole, size: number): Promise<SqliteConnectionPool> {
    const entry = siblingModule(import.meta.url, 'sqlite-worker')
    const workers = Array.from({ length: size }, () => startModuleWorker(entry, { file, settings, role } satisfies SqliteWorkerData))
    const opened = await Promise.allSettled(workers.map(whenReady))
    const problem = opened.find((result) => result.status === 'rejected')
    if (problem !== undefined) {
      await Promise.all(workers.map((worker) => worker.terminate()))
      throw problem.reason
    }
    return new SqliteConnectionPool(workers.map((worker) => ({ worker, inFlight: 0 })))
  }

  run(operation: SqliteOperation): Promise<SqliteAnswer> {
    if (this.failure !== null) return Promise.reject(this.failure)
    let chosen = this.connections[0] as PooledConnection
    for (const connection of this.connections) if (connection.inFlight < chosen.inFlight) chosen = connection
    chosen.inFlight++
    const sequence = this.nextSequence++
    const request: SqliteWorkerRequest = { type: 'run', sequence, operation }
    return new Promise((resolve, reject) => {
      this.waiting.set(sequence, { resolve, reject })
      chosen.worker.postMessage(request)
    })
  }

  /** Lets every connection finish and close (a WAL file is checkpointed on close), then ends the threads. */
  async close(): Promise<void> {
    this.failure ??= new Error('the SQLite store is closed')
    await Promise.all(
      this.connections.map(async ({ worker }) => {
        const exited = new Promise((resolve) => worker.once('exit', resolve))
        worker.postMessage({ type: 'close' } satisfies SqliteWorkerRequest)
        const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS)
        await exited
        clearTimeout(timer)
      }),
    )
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const waiter of this.waiting.values()) waiter.reject(error)
    this.waiting.clear()
  }
}

function whenReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: SqliteWorkerMessage) => {
      if (message.type === 'ready') {
        cleanup()
        resolve()
      } else if (message.type === 'open-failed') {
        cleanup()
        reject(new Error(`could not open the SQLite database: ${message.message}`))
      }
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const cleanup = () => {
      worker.off('message', onMessage)
      worker.off('error', onError)
    }
    worker.on('message', onMessage)
    worker.on('error', onError)
  })
}
