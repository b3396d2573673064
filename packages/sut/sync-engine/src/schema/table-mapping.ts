import { type ColumnSpec, typeProblems } from './column-type.js'
import { identifierProblem } from './identifier.js'
import { SyncConfigError } from './sync-config-error.js'

/**
 * Which source table goes into which target table: the key columns (the target's primary key,
 * and the order rows are read in) and the columns copied, with their types. Column names are
 * the same on both sides.
 */
export interface TableMapping {
  /** Names this mapping's checkpoint in the target; unique per target database. */
  name: string
  sourceTable: string
  targetTable: string
  key: readonly string[]
  columns: readonly ColumnSpec[]
  /**
   * A timestamp column that every insert and update sets: incremental syncs read only the rows
   * whose value is at or after the stored watermark. Without it, incremental syncs read only
   * keys beyond the last one synced (an append-only table).
   */
  watermarkColumn?: string
}

/** Throws a SyncConfigError listing every problem of the mapping at once. */
export function validateMapping(mapping: TableMapping): TableMapping {
  const problems: string[] = []
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(mapping.name))
    problems.push(`mapping name '${mapping.name}' must be 1–200 letters, digits, '.', '_' or '-'`)
  for (const [what, name] of [
    ['source table', mapping.sourceTable],
    ['target table', mapping.targetTable],
  ] as const) {
    const problem = identifierProblem(what, name)
    if (problem !== null) problems.push(problem)
  }
  if (mapping.columns.length === 0) problems.push('the mapping lists no columns')
  const seen = new Set<string>()
  for (const column of mapping.columns) {
    const problem = identifierProblem('column', column.name)
    if (problem !== null) problems.push(problem)
    const folded = column.name.toLowerCase()
    if (seen.has(folded)) problems.push(`column ${column.name} is listed twice`)
    seen.add(folded)
    problems.push(...typeProblems(column.name, column.type))
  }
  if (mapping.key.length === 0) problems.push('the mapping names no key column')
  for (const key of mapping.key) {
    const column = mapping.columns.find((c) => c.name.toLowerCase() === key.toLowerCase())
    if (column === undefined) problems.push(`key column ${key} is not in the column list`)
    else if (column.nullable) problems.push(`key column ${key} is nullable; a key must be NOT NULL`)
  }
  if (mapping.watermarkColumn !== undefined) {
    const column = mapping.columns.find((c) => c.name.toLowerCase() === mapping.watermarkColumn?.toLowerCase())
    if (column === undefined) problems.push(`watermark column ${mapping.watermarkColumn} is not in the column list`)
    else if (column.type.kind !== 'timestamp') problems.push(`watermark column ${mapping.watermarkColumn} must be a timestamp column`)
  }
  if (problems.length > 0) throw new SyncConfigError(problems, 'fix the table mapping; nothing was synced')
  return mapping
}

/** Positions of the key columns in a row (rows are arrays in column-list order). */
export function keyIndexes(mapping: TableMapping): number[] {
  return mapping.key.map((key) => mapping.columns.findIndex((c) => c.name.toLowerCase() === key.toLowerCase()))
}

export function watermarkIndex(mapping: TableMapping): number {
  const wanted = mapping.watermarkColumn?.toLowerCase()
  return wanted === undefined ? -1 : mapping.columns.findIndex((c) => c.name.toLowerCase() === wanted)
}
