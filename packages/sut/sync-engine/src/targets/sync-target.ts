import type { TableMapping } from '../schema/table-mapping.js'
import type { RowReader } from '../sources/sync-source.js'
import type { SyncRow, SyncValue } from '../values/sync-value.js'
import type { Checkpoint } from './checkpoint.js'

export interface UpsertOptions {
  /** The statement is abandoned (and counted as a transient failure) after this long. */
  timeoutMs: number
}

/** Where rows go. Both variants use the same target; they differ in which of these they call. */
export interface SyncTarget extends RowReader {
  readonly engine: 'mysql' | 'sqlite'
  /** Creates the target table (types from the mapping) and the checkpoint table, unless they exist. */
  ensureTable(mapping: TableMapping): Promise<void>
  // The naive variant: one lookup and one statement per row.
  rowExists(mapping: TableMapping, key: readonly SyncValue[]): Promise<boolean>
  insertRow(mapping: TableMapping, row: SyncRow): Promise<void>
  updateRow(mapping: TableMapping, row: SyncRow): Promise<void>
  // The optimized variant: one statement per batch, insert-or-update by key.
  upsertBatch(mapping: TableMapping, rows: readonly SyncRow[], options: UpsertOptions): Promise<void>
  deleteKeys(mapping: TableMapping, keys: readonly (readonly SyncValue[])[]): Promise<number>
  readCheckpoint(mapping: TableMapping): Promise<Checkpoint | null>
  writeCheckpoint(mapping: TableMapping, checkpoint: Checkpoint): Promise<void>
  /**
   * Whether a failed write may succeed when tried again (a dropped connection, a timeout, a
   * deadlock), as opposed to rows the target rejects (a constraint, a value out of range).
   */
  isTransient(error: unknown): boolean
  close(): Promise<void>
}
