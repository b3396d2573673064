// Runs an optimized full sync and prints its progress, one JSON line per batch, so a test can
// SIGKILL it half-way and check that the next run resumes from the checkpoint it left.
// Usage: node --conditions=source --import tsx sync-until-killed.ts '<json: { source, target, table }>'
import type { DatabaseConnection } from '@dyno/core'
import { OptimizedSync } from '@sut/sync-engine'
import { itemsMapping } from '../items-mapping.js'
import { openSource, openTarget, optimizedPool } from '../sync-endpoints.js'

const { source, target, table } = JSON.parse(process.argv[2] ?? '{}') as {
  source: DatabaseConnection
  target: DatabaseConnection
  table: string
}
const from = await openSource(source)
const to = await openTarget(target, optimizedPool(2))
const result = await new OptimizedSync(from, to, { batchRows: 100, maxWorkers: 2, checkpointIntervalMs: 0 }).run(
  { mapping: itemsMapping(table, table), mode: 'full' },
  { onProgress: (progress) => process.stdout.write(`${JSON.stringify({ processedRows: progress.processedRows })}\n`) },
)
process.stdout.write(`${JSON.stringify({ done: result.processedRows })}\n`)
await from.close()
await to.close()
