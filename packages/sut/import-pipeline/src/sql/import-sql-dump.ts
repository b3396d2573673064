import { checkDumpStatement, type SchemaStatementPolicy } from './dump-policy.js'
import type { RowSink } from './row-sink.js'
import { DumpParseError, SqlDumpRejected } from './sql-dump-rejected.js'
import { isWritableColumnName } from './sql-identifier.js'
import type { SqlValue } from './sql-value.js'
import { StreamingDumpParser } from './streaming-dump-parser.js'

export interface SqlImportOptions {
  /** Named in errors and nowhere else: the dump's name as the operator knows it. */
  fileName: string
  /** Target table for a table named in the dump; `undefined` rejects the file at that INSERT. */
  tableFor: (dumpTable: string) => string | undefined
  sink: RowSink
  /** Rows per `sink.insertRows` call. Default 1000: MariaDB's multi-row INSERT gains little beyond it (notes/databases.md §4c). */
  batchRows?: number
  /** Called after every batch written, with the rows written so far. */
  onProgress?: (rows: number) => void
  /** DROP/CREATE TABLE of mapped tables: stop the file (default) or skip them. See {@link checkDumpStatement}. */
  schemaStatements?: SchemaStatementPolicy
}

export interface SqlImportResult {
  /** Rows written, by target table. */
  rowsByTable: Record<string, number>
  /** Statements read, INSERTs and the ignored SET/LOCK/… alike (empty ones not counted). */
  statements: number
  /** Bytes of dump read. */
  bytes: number
}

interface Batch {
  table: string
  columns: readonly string[] | undefined
  rows: SqlValue[][]
}

const DEFAULT_BATCH_ROWS = 1000

/**
 * Imports one MySQL dump, streaming: rows are parsed as the chunks arrive and written in
 * batches, so memory holds about one chunk and one batch whatever the dump's size. Only the
 * statements the policy allows pass (see dump-policy.ts); anything else stops the file with
 * {@link SqlDumpRejected} naming the line. Rows before the offending statement are written
 * first, so the outcome never depends on how the input happened to be chunked.
 */
export async function importSqlDump(input: AsyncIterable<Buffer | string>, options: SqlImportOptions): Promise<SqlImportResult> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new RangeError(`batchRows must be a positive integer, got ${String(options.batchRows)}`)
  }
  const rowsByTable: Record<string, number> = {}
  const ready: Batch[] = []
  let current: Batch | undefined
  let statements = 0
  let bytes = 0
  let rowsWritten = 0

  const parser = new StreamingDumpParser({
    statement(statement) {
      statements++
      const target = checkDumpStatement(statement, options)
      if (target === undefined) return
      // The sinks refuse such a name too; refusing it here names the line, before any row of it is written.
      const refused = statement.columns?.find((column) => !isWritableColumnName(column))
      if (refused !== undefined) {
        throw new DumpParseError(
          statement.line,
          'malformed',
          `refusing column name ${JSON.stringify(refused)} in this INSERT: only letters, digits, _ and $ (at most 64 characters) are written into SQL`,
        )
      }
      if (current !== undefined && (current.table !== target || !sameColumns(current.columns, statement.columns))) {
        if (current.rows.length > 0) ready.push(current)
        current = undefined
      }
      current ??= { table: target, columns: statement.columns, rows: [] }
    },
    row(values) {
      const batch = current as Batch
      batch.rows.push(values)
      if (batch.rows.length >= batchRows) {
        ready.push(batch)
        current = { table: batch.table, columns: batch.columns, rows: [] }
      }
    },
  })

  const flush = async (all: boolean) => {
    if (all && current !== undefined && current.rows.length > 0) {
      ready.push(current)
      current = { table: current.table, columns: current.columns, rows: [] }
    }
    for (let batch = ready.shift(); batch !== undefined; batch = ready.shift()) {
      await options.sink.insertRows(batch.table, batch.columns, batch.rows)
      rowsByTable[batch.table] = (rowsByTable[batch.table] ?? 0) + batch.rows.length
      rowsWritten += batch.rows.length
      options.onProgress?.(rowsWritten)
    }
  }

  try {
    for await (const chunk of input) {
      const bufferChunk = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      bytes += bufferChunk.length
      parser.write(bufferChunk)
      await flush(false)
    }
    parser.end()
  } catch (error) {
    if (!(error instanceof DumpParseError)) throw error
    await flush(true)
    throw new SqlDumpRejected(options.fileName, error.line, error.reason, error.detail)
  }
  await flush(true)
  return { rowsByTable, statements, bytes }
}

function sameColumns(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  return a.length === b.length && a.every((column, i) => column === b[i])
}
