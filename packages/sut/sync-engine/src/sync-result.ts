import type { SyncValue } from './values/sync-value.js'

/** Seed 003's BatchInsertResult, with units in the names. */
export interface BatchInsertResult {
  /** Rows this run set out to copy (the source's count when it started). */
  totalRows: number
  /** Rows written to the target. */
  processedRows: number
  /** Rows the target rejected; each is listed in `failures` with its key. */
  failedRows: number
  batchCount: number
  durationMs: number
  avgBatchMs: number
  /** Largest resident set size seen during the run. */
  memoryPeakBytes: number
  rowsPerSec: number
}

export interface RowFailure {
  key: SyncValue[]
  reason: string
}

export interface SyncResult extends BatchInsertResult {
  variant: 'naive' | 'optimized'
  mode: 'full' | 'incremental'
  /** Rows deleted from the target because their key is gone from the source (when asked). */
  deletedRows: number
  /** The first rejected rows, at most MAX_LISTED_FAILURES of them; failedRows has the full count. */
  failures: RowFailure[]
  /** The checkpoint key this run resumed after (null: it started from the beginning). */
  resumedAfterKey: SyncValue[] | null
  batchRows: number
  /** Times intake paused because memory was above the threshold. */
  memoryPauses: number
  /** Writes tried again after a transient failure (dropped connection, timeout, deadlock). */
  retries: number
}

export const MAX_LISTED_FAILURES = 1000

export interface SyncProgress {
  totalRows: number
  processedRows: number
  failedRows: number
  batchCount: number
  elapsedMs: number
}

export interface RunOptions {
  onProgress?: (progress: SyncProgress) => void
  /** Stops intake; batches in flight finish and the checkpoint is kept, so a later run resumes. */
  signal?: AbortSignal
}
