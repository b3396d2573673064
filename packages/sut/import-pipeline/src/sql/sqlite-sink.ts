import type { RowSink } from './row-sink.js'
import { sqliteIdentifier } from './sql-identifier.js'
import type { SqlValue } from './sql-value.js'

/** What the sink needs of a better-sqlite3 `Database` (^12). */
export interface SqliteDatabase {
  prepare(sql: string): { run(...params: SqlValue[]): unknown }
  exec(sql: string): unknown
  readonly inTransaction: boolean
}

/**
 * Writes rows into SQLite through prepared statements (one per table and column list,
 * prepared once), each batch in one transaction: committing per row costs an fsync each
 * (1.7k rows/s against 344k in one transaction, notes/databases.md §4d). When the caller has
 * a transaction open already, the rows join it instead.
 *
 * SQLite has no DECIMAL type: a decimal string lands as text in a TEXT column (every digit
 * kept) but is converted to a REAL in a NUMERIC/DECIMAL-affinity column. bigint values are
 * bound as 64-bit integers; beyond that range SQLite cannot store them as integers.
 */
export function createSqliteSink(db: SqliteDatabase): RowSink {
  const statements = new Map<string, { run(...params: SqlValue[]): unknown }>()
  let closed = false

  const statementFor = (table: string, columns: readonly string[] | undefined, width: number) => {
    const key = `${table}\u0000${columns?.join('\u0000') ?? `*${width}`}`
    let statement = statements.get(key)
    if (statement === undefined) {
      const columnList = columns === undefined ? '' : ` (${columns.map((c) => sqliteIdentifier(c, 'column')).join(', ')})`
      const placeholders = Array.from({ length: width }, () => '?').join(', ')
      statement = db.prepare(`INSERT INTO ${sqliteIdentifier(table, 'table')}${columnList} VALUES (${placeholders})`)
      statements.set(key, statement)
    }
    return statement
  }

  return {
    async insertRows(table: string, columns: readonly string[] | undefined, rows: readonly SqlValue[][]) {
      if (closed) throw new Error('insertRows() on a closed SQLite sink')
      const first = rows[0]
      if (first === undefined) return
      const statement = statementFor(table, columns, columns?.length ?? first.length)
      const ownTransaction = !db.inTransaction
      if (ownTransaction) db.exec('BEGIN')
      try {
        for (const row of rows) statement.run(...row)
        if (ownTransaction) db.exec('COMMIT')
      } catch (error) {
        if (ownTransaction && db.inTransaction) db.exec('ROLLBACK')
        throw error
      }
    },
    async close() {
      closed = true
      statements.clear()
    },
  }
}
