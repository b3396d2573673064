/**
 * The SQL dump importer the pipeline drives, as a dependency: the pipeline moves files and
 * tracks status; parsing dumps and writing rows is the importer's job (src/sql). `Sink` is the
 * importer's row sink (MySQL, SQLite), opened and closed by the caller.
 *
 * Contract: when the returned promise resolves, every row has been written to the sink's
 * database, because the pipeline then records the file as `done` and never imports it again.
 * A dump that may not be imported (a DROP, a table outside the mapping) rejects the promise.
 */
export interface SqlImportResult {
  rowsByTable: Record<string, number>
  statements: number
  bytes: number
}

export interface SqlDumpImportOptions<Sink> {
  /** Name used in errors and logs. */
  fileName: string
  /** Dump table → target table, or undefined for a table the dump may not write. */
  tableFor: (dumpTable: string) => string | undefined
  sink: Sink
  batchRows?: number
  /** Rows written so far in this dump. */
  onProgress?: (rows: number) => void
}

export type SqlDumpImporter<Sink> = (input: AsyncIterable<Buffer | string>, options: SqlDumpImportOptions<Sink>) => Promise<SqlImportResult>
