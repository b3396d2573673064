import type { SyncValue } from '../values/sync-value.js'
import type { ColumnSpec } from './column-type.js'
import { quoteIdentifier, type SqlDialect } from './identifier.js'
import type { TableMapping } from './table-mapping.js'

export interface ReadOptions {
  /** Only rows whose key comes after this one, in key order: how a sync resumes (keyset paging, never OFFSET). */
  afterKey?: readonly SyncValue[] | null
  /** Only rows whose watermark column is at or after this timestamp (incremental sync). */
  changedSince?: string | null
}

export interface BatchReadOptions extends ReadOptions {
  batchRows: number
  /** Read only these columns (e.g. just the key, to detect deletions); default: all mapped columns. */
  columns?: readonly ColumnSpec[]
}

export interface Statement {
  sql: string
  params: unknown[]
}

/**
 * How a timestamp parameter is sent. Firebird 3 drops the fraction when it converts a text
 * parameter to TIMESTAMP ('12:00:01.250' becomes 12:00:01), so its source sends a Date built
 * from the wall-clock fields instead; the other engines compare the text exactly.
 */
export type TimestampParam = (text: string) => unknown

/**
 * Firebird returns DECIMAL through a double unless it is INT64-backed, and TIMESTAMP as a Date
 * in the process's zone: reading both as text on the server keeps every digit and the wall
 * clock exactly (the cast costs the server little; the notes measured the JS decoder, not the
 * server, as the limit).
 */
function columnExpression(dialect: SqlDialect, column: ColumnSpec): string {
  const name = quoteIdentifier(dialect, column.name)
  if (dialect !== 'firebird') return name
  if (column.type.kind === 'decimal') return `CAST(${name} AS VARCHAR(32)) AS ${name}`
  if (column.type.kind === 'timestamp') return `CAST(${name} AS VARCHAR(24)) AS ${name}`
  return name
}

/** `(k1 > ?) OR (k1 = ? AND k2 > ?) …`: rows after a composite key in key order. */
function afterKeyPredicate(dialect: SqlDialect, mapping: TableMapping, values: readonly SyncValue[], encode: TimestampParam): Statement {
  const key = mapping.key
  const param = (i: number) => {
    const value = values[i] ?? null
    const column = mapping.columns.find((c) => c.name.toLowerCase() === (key[i] as string).toLowerCase())
    return typeof value === 'string' && column?.type.kind === 'timestamp' ? encode(value) : value
  }
  const alternatives: string[] = []
  const params: unknown[] = []
  for (let i = 0; i < key.length; i++) {
    const parts: string[] = []
    for (let j = 0; j < i; j++) {
      parts.push(`${quoteIdentifier(dialect, key[j] as string)} = ?`)
      params.push(param(j))
    }
    parts.push(`${quoteIdentifier(dialect, key[i] as string)} > ?`)
    params.push(param(i))
    alternatives.push(`(${parts.join(' AND ')})`)
  }
  return { sql: `(${alternatives.join(' OR ')})`, params }
}

const asText: TimestampParam = (text) => text

export function whereClause(dialect: SqlDialect, mapping: TableMapping, options: ReadOptions, encode: TimestampParam = asText): Statement {
  const conditions: string[] = []
  const params: unknown[] = []
  if (options.afterKey != null) {
    if (options.afterKey.length !== mapping.key.length)
      throw new Error(`a resume key needs ${mapping.key.length} values, got ${options.afterKey.length}`)
    const predicate = afterKeyPredicate(dialect, mapping, options.afterKey, encode)
    conditions.push(predicate.sql)
    params.push(...predicate.params)
  }
  if (options.changedSince != null) {
    if (mapping.watermarkColumn === undefined) throw new Error(`mapping ${mapping.name} has no watermark column to read changes by`)
    conditions.push(`${quoteIdentifier(dialect, mapping.watermarkColumn)} >= ?`)
    params.push(encode(options.changedSince))
  }
  return { sql: conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`, params }
}

/** SELECT of the mapped columns in key order; `limit` only for engines where keyset pages are cheap (MySQL, SQLite). */
export function selectStatement(
  dialect: SqlDialect,
  table: string,
  mapping: TableMapping,
  options: ReadOptions & { columns?: readonly ColumnSpec[]; limit?: number },
  encode: TimestampParam = asText,
): Statement {
  const columns = (options.columns ?? mapping.columns).map((c) => columnExpression(dialect, c)).join(', ')
  const where = whereClause(dialect, mapping, options, encode)
  const order = mapping.key.map((k) => quoteIdentifier(dialect, k)).join(', ')
  const limit = options.limit === undefined ? '' : ` LIMIT ${Math.trunc(options.limit)}`
  return { sql: `SELECT ${columns} FROM ${quoteIdentifier(dialect, table)}${where.sql} ORDER BY ${order}${limit}`, params: where.params }
}

export function countStatement(
  dialect: SqlDialect,
  table: string,
  mapping: TableMapping,
  options: ReadOptions,
  encode: TimestampParam = asText,
): Statement {
  const where = whereClause(dialect, mapping, options, encode)
  return { sql: `SELECT COUNT(*) AS n FROM ${quoteIdentifier(dialect, table)}${where.sql}`, params: where.params }
}

export function maxWatermarkStatement(dialect: SqlDialect, table: string, mapping: TableMapping): Statement {
  if (mapping.watermarkColumn === undefined) throw new Error(`mapping ${mapping.name} has no watermark column`)
  const column = quoteIdentifier(dialect, mapping.watermarkColumn)
  const expression = dialect === 'firebird' ? `CAST(MAX(${column}) AS VARCHAR(24))` : `MAX(${column})`
  return { sql: `SELECT ${expression} AS m FROM ${quoteIdentifier(dialect, table)}`, params: [] }
}
