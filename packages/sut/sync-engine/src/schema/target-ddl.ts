import type { ColumnType } from './column-type.js'
import { quoteIdentifier } from './identifier.js'
import type { TableMapping } from './table-mapping.js'

/**
 * MySQL types that hold every source value exactly: DATETIME(3), not TIMESTAMP (which converts
 * through the session's zone and ends in 2038); DECIMAL with the source's precision and scale.
 */
function mysqlType(type: ColumnType): string {
  switch (type.kind) {
    case 'smallint':
      return 'SMALLINT'
    case 'integer':
      return 'INT'
    case 'bigint':
      return 'BIGINT'
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`
    case 'varchar':
      return `VARCHAR(${type.length})`
    case 'timestamp':
      return 'DATETIME(3)'
  }
}

/**
 * SQLite has no exact decimal: a NUMERIC column would turn '12.50' into the double 12.5, so
 * decimals are TEXT, as are timestamps (fixed-width text sorts and compares correctly).
 */
function sqliteType(type: ColumnType): string {
  switch (type.kind) {
    case 'smallint':
    case 'integer':
    case 'bigint':
      return 'INTEGER'
    default:
      return 'TEXT'
  }
}

/**
 * utf8mb4_bin: keys compare byte for byte, as in Firebird, so 'a' and 'A' stay two rows
 * instead of colliding under a case-insensitive collation.
 */
export function mysqlCreateTable(mapping: TableMapping): string {
  const columns = mapping.columns.map((c) => `${quoteIdentifier('mysql', c.name)} ${mysqlType(c.type)} ${c.nullable ? 'NULL' : 'NOT NULL'}`)
  const key = mapping.key.map((k) => quoteIdentifier('mysql', k)).join(', ')
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier('mysql', mapping.targetTable)} (${columns.join(', ')}, PRIMARY KEY (${key})) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`
}

export function sqliteCreateTable(mapping: TableMapping): string {
  const columns = mapping.columns.map((c) =>
    `${quoteIdentifier('sqlite', c.name)} ${sqliteType(c.type)} ${c.nullable ? '' : 'NOT NULL'}`.trim(),
  )
  const key = mapping.key.map((k) => quoteIdentifier('sqlite', k)).join(', ')
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier('sqlite', mapping.targetTable)} (${columns.join(', ')}, PRIMARY KEY (${key}))`
}
