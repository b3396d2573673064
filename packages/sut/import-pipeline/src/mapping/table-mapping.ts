import type { FilePattern } from '../patterns/file-pattern.js'
import { compilePattern } from '../patterns/glob-to-regex.js'

/**
 * Which tables a dump file may write, chosen by the file's name. A dump's `INSERT INTO x`
 * is accepted only when `x` is a key of the matching rule's `tables`, and goes to the value:
 * the mapping is also the allow-list that keeps a dump from writing tables it has no business in.
 */
export interface TableMappingRule {
  /** Matched against the dump's name (the entry name inside a ZIP, else the file name). */
  files: FilePattern
  /** Table named in the dump → table written in the database. */
  tables: Readonly<Record<string, string>>
}

export class NoTableMapping extends Error {
  constructor(readonly file: string) {
    super(
      `${JSON.stringify(file)} matches no table-mapping rule, so none of its rows may be imported; add a rule whose files pattern matches it`,
    )
    this.name = 'NoTableMapping'
  }
}

/** Rules are tried in order; the first whose pattern matches the name decides. */
export class FileTableMapper {
  private readonly rules: { pattern: RegExp; tables: ReadonlyMap<string, string> }[]

  constructor(rules: readonly TableMappingRule[]) {
    this.rules = rules.map((rule) => ({ pattern: compilePattern(rule.files), tables: new Map(Object.entries(rule.tables)) }))
  }

  /** The dump-table → target-table lookup for one dump file; throws NoTableMapping when no rule matches. */
  tableFor(dumpName: string): (dumpTable: string) => string | undefined {
    const rule = this.rules.find((r) => r.pattern.test(dumpName))
    if (rule === undefined) throw new NoTableMapping(dumpName)
    return (dumpTable) => rule.tables.get(dumpTable)
  }
}
