import type { FilePattern, PatternSet } from './file-pattern.js'
import { compilePattern } from './glob-to-regex.js'

/**
 * Seed 001's "after": patterns are compiled once (the seed's `sync.Once`) and reused for every
 * name and every listing. Includes and excludes are each combined into one alternation, so a
 * name is scanned by two automata instead of one per pattern. Regex flags must agree within a
 * group to be combined; a pattern with different flags keeps its own RegExp.
 */
function combine(patterns: readonly FilePattern[]): RegExp[] {
  const plain: string[] = []
  const separate: RegExp[] = []
  for (const pattern of patterns) {
    const compiled = compilePattern(pattern)
    if (compiled.flags === '') plain.push(`(?:${compiled.source})`)
    else separate.push(compiled)
  }
  return plain.length > 0 ? [new RegExp(plain.join('|')), ...separate] : separate
}

export class CompiledPatternSet {
  private readonly include: RegExp[]
  private readonly exclude: RegExp[]
  private readonly includeAll: boolean

  constructor(patterns: PatternSet) {
    this.include = combine(patterns.include)
    this.exclude = combine(patterns.exclude)
    this.includeAll = patterns.include.length === 0
  }

  matches(name: string): boolean {
    if (!this.includeAll && !this.include.some((re) => re.test(name))) return false
    return !this.exclude.some((re) => re.test(name))
  }

  filter(names: readonly string[]): string[] {
    const selected: string[] = []
    for (const name of names) if (this.matches(name)) selected.push(name)
    return selected
  }
}
