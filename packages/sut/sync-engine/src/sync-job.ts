import type { TableMapping } from './schema/table-mapping.js'
import type { RunOptions, SyncResult } from './sync-result.js'

export interface SyncJob {
  mapping: TableMapping
  /**
   * 'full' copies every row (resuming an interrupted full sync from its checkpoint);
   * 'incremental' copies the rows changed since the last completed sync.
   */
  mode: 'full' | 'incremental'
  /** Also delete target rows whose key is no longer in the source (compares every key). */
  detectDeletes?: boolean
}

/** What both variants are: one job in, one result out. */
export interface TableSync {
  run(job: SyncJob, options?: RunOptions): Promise<SyncResult>
}
