import type { PatternSet } from './file-pattern.js'
import { compilePattern } from './glob-to-regex.js'

/**
 * Seed 001's "before": every name is tested against patterns compiled on the spot, so a
 * listing of 1,000 files with 8 patterns compiles up to 8,000 regular expressions
 * ("Pattern matching: ~153,000 ns/op" for 1,000 files in the seed's Go code).
 * Kept as the faithful baseline for the pattern-match scenario.
 */
export function matchesPerCall(name: string, patterns: PatternSet): boolean {
  let included = patterns.include.length === 0
  for (const pattern of patterns.include) {
    if (compilePattern(pattern).test(name)) {
      included = true
      break
    }
  }
  if (!included) return false
  for (const pattern of patterns.exclude) {
    if (compilePattern(pattern).test(name)) return false
  }
  return true
}

export function filterNamesPerCall(names: readonly string[], patterns: PatternSet): string[] {
  const selected: string[] = []
  for (const name of names) if (matchesPerCall(name, patterns)) selected.push(name)
  return selected
}
