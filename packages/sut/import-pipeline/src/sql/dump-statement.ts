import type { SqlValue } from './sql-value.js'

/**
 * What a dump statement is, as far as the import policy cares. `other` is anything the
 * parser does not single out (GRANT, CREATE USER, DROP DATABASE, REPLACE, DELETE…); its
 * `verb` names it for the error message.
 */
export type DumpStatementKind =
  | 'insert'
  | 'set'
  | 'lock-tables'
  | 'unlock-tables'
  | 'create-table'
  | 'drop-table'
  | 'alter-table-keys'
  | 'sandbox-marker'
  | 'other'

export interface DumpStatement {
  kind: DumpStatementKind
  /** The statement's leading keywords, upper-cased: `INSERT`, `DROP TABLE`, `GRANT`… */
  verb: string
  /** The table named, for table statements (`db`.`t` is given as `db.t`). */
  table: string | undefined
  /** For INSERT: the column list, if the statement has one. */
  columns: readonly string[] | undefined
  /** 1-based line where the statement starts. */
  line: number
  /** True for the content of a `/*!40101 … *\/` conditional comment, which MySQL would execute. */
  conditional: boolean
}

/**
 * Receives a dump's statements and rows in order. `statement` may throw to stop the parse
 * (the import policy does); `row` receives the rows of the last INSERT announced. Both
 * parsers (regex per statement, streaming tokenizer) drive the same handler.
 */
export interface DumpHandler {
  statement(statement: DumpStatement): void
  row(values: SqlValue[]): void
}
