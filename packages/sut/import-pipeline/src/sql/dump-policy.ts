import type { DumpStatement } from './dump-statement.js'
import { DumpParseError } from './sql-dump-rejected.js'

/**
 * What a dump may contain, and what happens to each statement. The importer never executes
 * dump SQL: it reads rows out of INSERT statements and writes them through a sink. So the
 * policy decides which statements a legitimate data dump contains (and are ignored) and which
 * mean the file is not what the import expects (and stop it):
 *
 * | statement | default (`schemaStatements: 'reject'`) | `schemaStatements: 'ignore'` |
 * | --- | --- | --- |
 * | `INSERT [IGNORE] INTO t …` with `t` mapped | rows imported into the mapped table | same |
 * | `INSERT` into a table the mapping does not name | rejected | rejected |
 * | `SET …`, `LOCK TABLES`, `UNLOCK TABLES`, comments, `/*!40101 SET … *\/` | ignored | ignored |
 * | `/*!40000 ALTER TABLE t DISABLE/ENABLE KEYS *\/`, `t` mapped | ignored (an index hint) | ignored |
 * | mariadb-dump's `/*M!999999\- enable the sandbox mode *\/` | ignored | ignored |
 * | `DROP TABLE [IF EXISTS] t`, `CREATE TABLE t`, `t` mapped | rejected | ignored: the target schema is the importer's, never the dump's |
 * | `DROP`/`CREATE`/`ALTER` of anything else, `GRANT`, `CREATE USER`, `REPLACE`, `DELETE`, `UPDATE`, … | rejected | rejected |
 *
 * A conditional comment's content is judged like a statement, because MySQL would execute it.
 * A plain mysqldump with its default options writes DROP/CREATE TABLE before each table's
 * data: dump with `--no-create-info` (`-t`), or import with `schemaStatements: 'ignore'`.
 */
export type SchemaStatementPolicy = 'reject' | 'ignore'

export interface DumpPolicyOptions {
  /** Target table for a table named in the dump, or `undefined` when it is not to be imported. */
  tableFor: (dumpTable: string) => string | undefined
  schemaStatements?: SchemaStatementPolicy
}

/**
 * Checks one statement against the policy; returns the target table of an accepted INSERT
 * (undefined for every other accepted statement) and throws a {@link DumpParseError} for a
 * statement that stops the file.
 */
export function checkDumpStatement(statement: DumpStatement, options: DumpPolicyOptions): string | undefined {
  const where = statement.conditional ? ` (inside a /*! … */ conditional comment, which MySQL executes)` : ''
  const table = statement.table
  switch (statement.kind) {
    case 'insert': {
      const target = options.tableFor(table as string)
      if (target === undefined) {
        throw new DumpParseError(
          statement.line,
          'table-not-mapped',
          `INSERT into table ${quote(table)}, which this import's file→table mapping does not name; map the table or remove its rows from the dump`,
        )
      }
      return target
    }
    case 'set':
    case 'lock-tables':
    case 'unlock-tables':
    case 'sandbox-marker':
      return undefined
    case 'alter-table-keys':
      requireMapped(statement, options, where)
      return undefined
    case 'create-table':
    case 'drop-table':
      if (options.schemaStatements === 'ignore') {
        requireMapped(statement, options, where)
        return undefined
      }
      throw new DumpParseError(
        statement.line,
        'disallowed-statement',
        `${statement.verb} ${quote(table)}${where} is not allowed: imports never change the target schema. Dump with --no-create-info (-t), or import with schemaStatements: 'ignore' to skip such statements`,
      )
    case 'other':
      throw new DumpParseError(
        statement.line,
        'disallowed-statement',
        `${statement.verb || 'this'} statement${where} is not allowed in an imported dump (only INSERT into mapped tables, SET, LOCK/UNLOCK TABLES and comments are); the file was stopped here`,
      )
  }
}

function requireMapped(statement: DumpStatement, options: DumpPolicyOptions, where: string): void {
  if (options.tableFor(statement.table as string) === undefined) {
    throw new DumpParseError(
      statement.line,
      'table-not-mapped',
      `${statement.verb} ${quote(statement.table)}${where} names a table this import's file→table mapping does not; map the table or remove the statement`,
    )
  }
}

function quote(table: string | undefined): string {
  return table === undefined ? '(no table)' : `\`${table}\``
}
