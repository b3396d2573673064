import { Worker } from 'node:worker_threads'
import type { BatchReadOptions, ReadOptions } from '../schema/select-statement.js'
import type { TableMapping } from '../schema/table-mapping.js'
import type { SyncRow } from '../values/sync-value.js'
import type { ReadWorkerData, ReadWorkerMessage } from './firebird-read-worker.js'
import { FirebirdSource, type FirebirdSourceOptions } from './firebird-source.js'
import type { SyncSource } from './sync-source.js'

/**
 * A Firebird source whose streamed reads run on a worker thread. node-firebird decodes rows in
 * JavaScript, and that decoding is the read side's limit (notes §4a: ~1.3 s of CPU per 200k
 * rows); on its own thread it overlaps with the main thread's statement building and network
 * I/O for the target. Batches reach the main thread by structured clone, which costs far less
 * than the decoding it moves. Counts, watermarks and readAll stay on a main-thread attachment.
 */
export class FirebirdWorkerSource implements SyncSource {
  readonly engine = 'firebird' as const

  private constructor(
    private readonly connection: FirebirdSourceOptions,
    private readonly main: FirebirdSource,
    private readonly aheadBatches: number,
  ) {}

  /** `aheadBatches`: decoded batches the worker may hold ready beyond the one being written. */
  static async connect(connection: FirebirdSourceOptions, options: { aheadBatches?: number } = {}): Promise<FirebirdWorkerSource> {
    return new FirebirdWorkerSource(connection, await FirebirdSource.connect(connection), options.aheadBatches ?? 2)
  }

  countRows(mapping: TableMapping, options?: ReadOptions): Promise<number> {
    return this.main.countRows(mapping, options)
  }

  maxWatermark(mapping: TableMapping): Promise<string | null> {
    return this.main.maxWatermark(mapping)
  }

  readAll(mapping: TableMapping, options?: ReadOptions): Promise<SyncRow[]> {
    return this.main.readAll(mapping, options)
  }

  async *readBatches(mapping: TableMapping, options: BatchReadOptions): AsyncIterable<SyncRow[]> {
    const data: ReadWorkerData = { connection: this.connection, mapping, read: options, aheadBatches: this.aheadBatches }
    const worker = startWorker(data)
    const inbox: ReadWorkerMessage[] = []
    let wake: (() => void) | null = null
    const deliver = (message: ReadWorkerMessage) => {
      inbox.push(message)
      wake?.()
      wake = null
    }
    worker.on('message', deliver)
    worker.on('error', (error) =>
      deliver({ type: 'error', message: error.message, code: (error as { code?: string }).code, stack: error.stack }),
    )
    worker.on('exit', (code) =>
      deliver({
        type: 'error',
        message: `the read worker exited (code ${code}) before the end of the rows`,
        code: undefined,
        stack: undefined,
      }),
    )
    try {
      for (;;) {
        while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve))
        const message = inbox.shift() as ReadWorkerMessage
        if (message.type === 'end') return
        if (message.type === 'error')
          throw Object.assign(new Error(`reading ${mapping.sourceTable} on the worker thread: ${message.message}`), { code: message.code })
        worker.postMessage('credit')
        yield message.rows as SyncRow[]
      }
    } finally {
      worker.removeAllListeners()
      await worker.terminate()
    }
  }

  close(): Promise<void> {
    return this.main.close()
  }
}

/**
 * The worker runs the compiled sibling module; when this module runs from TypeScript source
 * (tests), the worker needs the same TypeScript loader (tsx).
 */
function startWorker(data: ReadWorkerData): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const script = new URL(`./firebird-read-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url)
  return new Worker(script, { workerData: data, ...(fromSource ? { execArgv: [...process.execArgv, '--import', 'tsx'] } : {}) })
}
