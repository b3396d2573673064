import { type AnyScenario, isScenario } from './scenario.js'

/**
 * The scenarios a loaded module exports: its default export and every named export that is a
 * scenario or an array of scenarios. No global registry: what a file exports is what it has.
 *
 * A TypeScript scenario file in a CommonJS package (no `"type": "module"`, the npm default)
 * is compiled to CommonJS by the loader, and importing it yields `{ default: module.exports }`,
 * so `export default defineScenario(…)` arrives as `namespace.default.default`. The exports
 * object behind `default` is therefore searched too, one level deep.
 */
function candidatesOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value]
}

export function scenariosInModule(namespace: Record<string, unknown>): AnyScenario[] {
  const found: AnyScenario[] = []
  const seen = new Set<unknown>()
  const take = (value: unknown) => {
    for (const candidate of candidatesOf(value)) {
      if (isScenario(candidate) && !seen.has(candidate)) {
        seen.add(candidate)
        found.push(candidate)
      }
    }
  }
  for (const value of Object.values(namespace)) take(value)
  const commonJsExports = namespace.default
  if (typeof commonJsExports === 'object' && commonJsExports !== null && !Array.isArray(commonJsExports) && !isScenario(commonJsExports)) {
    for (const value of Object.values(commonJsExports)) take(value)
  }
  return found
}
