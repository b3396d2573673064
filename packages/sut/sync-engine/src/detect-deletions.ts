import type { TableMapping } from './schema/table-mapping.js'
import type { SyncSource } from './sources/sync-source.js'
import type { SyncTarget } from './targets/sync-target.js'
import type { SyncValue } from './values/sync-value.js'

const KEY_BATCH_ROWS = 5000

/**
 * Deletes target rows whose key the source no longer has. Both sides' keys arrive as
 * canonical SyncValues, so their JSON text compares exactly; the source's keys are held in a
 * set (about 100 bytes per key), the target's are streamed against it.
 */
export async function detectDeletions(
  source: SyncSource,
  target: SyncTarget,
  mapping: TableMapping,
  deleteBatchRows: number,
): Promise<number> {
  const keyColumns = mapping.key
    .map((k) => mapping.columns.find((c) => c.name.toLowerCase() === k.toLowerCase()))
    .filter((c) => c !== undefined)
  const present = new Set<string>()
  for await (const batch of source.readBatches(mapping, { batchRows: KEY_BATCH_ROWS, columns: keyColumns })) {
    for (const key of batch) present.add(JSON.stringify(key))
  }
  const gone: SyncValue[][] = []
  for await (const batch of target.readBatches(mapping, { batchRows: KEY_BATCH_ROWS, columns: keyColumns })) {
    for (const key of batch) if (!present.has(JSON.stringify(key))) gone.push(key)
  }
  let deleted = 0
  for (let i = 0; i < gone.length; i += deleteBatchRows) deleted += await target.deleteKeys(mapping, gone.slice(i, i + deleteBatchRows))
  return deleted
}
