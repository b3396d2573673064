// The worker side of FirebirdWorkerSource: reads and decodes batches on its own thread and
// posts them to the main thread, at most `aheadBatches` ahead of what the main thread has
// taken (credit-based backpressure), so memory stays bounded while decoding overlaps writing.
import { parentPort, workerData } from 'node:worker_threads'
import type { BatchReadOptions } from '../schema/select-statement.js'
import type { TableMapping } from '../schema/table-mapping.js'
import { FirebirdSource, type FirebirdSourceOptions } from './firebird-source.js'

export interface ReadWorkerData {
  connection: FirebirdSourceOptions
  mapping: TableMapping
  read: BatchReadOptions
  aheadBatches: number
}

export type ReadWorkerMessage =
  | { type: 'batch'; rows: unknown[][] }
  | { type: 'end' }
  | { type: 'error'; message: string; code: string | undefined; stack: string | undefined }

const port = parentPort
if (port === null) throw new Error('firebird-read-worker runs only as a worker thread')
const data = workerData as ReadWorkerData
let credits = data.aheadBatches
let wake: (() => void) | null = null
port.on('message', () => {
  credits++
  wake?.()
  wake = null
})

const post = (message: ReadWorkerMessage) => port.postMessage(message)
let source: FirebirdSource | null = null
try {
  source = await FirebirdSource.connect(data.connection)
  for await (const rows of source.readBatches(data.mapping, data.read)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve))
    credits--
    post({ type: 'batch', rows })
  }
  post({ type: 'end' })
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error))
  post({ type: 'error', message: failure.message, code: (failure as { code?: string }).code, stack: failure.stack })
} finally {
  await source?.close().catch(() => {})
  port.close()
}
