/**
 * The column types the sync carries, with the exact value form each one travels in (see
 * values/sync-value.ts). Only types whose values survive exactly between Firebird, MySQL and
 * SQLite are offered; a BLOB or a floating-point column would need its own rules.
 */
export type ColumnType =
  | { kind: 'smallint' }
  | { kind: 'integer' }
  | { kind: 'bigint' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'varchar'; length: number }
  | { kind: 'timestamp' }

export interface ColumnSpec {
  name: string
  type: ColumnType
  nullable: boolean
}

export function describeType(type: ColumnType): string {
  switch (type.kind) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`
    case 'varchar':
      return `varchar(${type.length})`
    default:
      return type.kind
  }
}

/** Problems with a type's parameters, in words (empty: none). */
export function typeProblems(column: string, type: ColumnType): string[] {
  if (type.kind === 'decimal') {
    const { precision, scale } = type
    if (!Number.isInteger(precision) || precision < 1 || precision > 18)
      return [`column ${column}: decimal precision ${precision} must be an integer from 1 to 18 (Firebird's limit)`]
    if (!Number.isInteger(scale) || scale < 0 || scale > precision)
      return [`column ${column}: decimal scale ${scale} must be an integer from 0 to the precision ${precision}`]
  }
  if (type.kind === 'varchar' && (!Number.isInteger(type.length) || type.length < 1 || type.length > 8191)) {
    return [`column ${column}: varchar length ${type.length} must be an integer from 1 to 8191`]
  }
  return []
}
