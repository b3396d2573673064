import { type AnyScenario, isScenario } from './scenario.js'

/**
 * The scenarios a loaded module exports: its default export and every named export that is a
 * scenario or an array of scenarios. No global registry: what a file exports is what it has.
 */
export function scenariosInModule(namespace: Record<string, unknown>): AnyScenario[] {
  const found: AnyScenario[] = []
  const seen = new Set<unknown>()
  for (const value of Object.values(namespace)) {
    const candidates = Array.isArray(value) ? value : [value]
    for (const candidate of candidates) {
      if (isScenario(candidate) && !seen.has(candidate)) {
        seen.add(candidate)
        found.push(candidate)
      }
    }
  }
  return found
}
