import type { BatchReadOptions, ReadOptions } from '../schema/select-statement.js'
import type { TableMapping } from '../schema/table-mapping.js'
import type { SyncRow } from '../values/sync-value.js'

/** Reads one side of a mapping in key order, as exact SyncValues. Sources and targets both are. */
export interface RowReader {
  countRows(mapping: TableMapping, options?: ReadOptions): Promise<number>
  /**
   * Rows in key order, a batch at a time, with backpressure: the next batch is read only when
   * the consumer asks for it, so memory stays flat in the table's size.
   */
  readBatches(mapping: TableMapping, options: BatchReadOptions): AsyncIterable<SyncRow[]>
}

export interface SyncSource extends RowReader {
  readonly engine: 'firebird' | 'sqlite'
  /** Every matching row at once: the naive variant's way of reading. */
  readAll(mapping: TableMapping, options?: ReadOptions): Promise<SyncRow[]>
  /** The largest value of the watermark column now (null for an empty table). */
  maxWatermark(mapping: TableMapping): Promise<string | null>
  close(): Promise<void>
}
