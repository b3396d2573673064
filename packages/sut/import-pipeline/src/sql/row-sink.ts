import type { SqlValue } from './sql-value.js'

/**
 * Where imported rows go. The importer calls `insertRows` with batches of rows of one target
 * table, in dump order, awaiting each call; `columns` is the dump's column list, or
 * `undefined` when the INSERT named none (values in table order).
 *
 * The caller that created a sink closes it when it is done with it; `importSqlDump` never
 * does, so one sink can take several files.
 */
export interface RowSink {
  insertRows(table: string, columns: readonly string[] | undefined, rows: readonly SqlValue[][]): Promise<void>
  close(): Promise<void>
}
