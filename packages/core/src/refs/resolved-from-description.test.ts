import { describe, expect, it } from 'vitest'
import { micro } from '../runners/micro-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import type { AnyScenario } from '../scenario/scenario.js'
import { describeScenario } from './describe-scenario.js'
import { resolvedFromDescription } from './resolved-from-description.js'
import type { DescribedScenario } from './round-protocol.js'

const op = { prepare: () => () => 1 }

describe('a scenario described by its build', () => {
  it('keeps its reference variant, so compare-refs results record the same fractions as dyno run', () => {
    const scenario = {
      id: 'a/b',
      description: 'd',
      runner: micro(),
      variants: { x: { ...op, baseline: true }, y: op, ceiling: { ...op, reference: true } },
    } as AnyScenario
    // Through JSON, as the description crosses from the build's process.
    const described = JSON.parse(JSON.stringify(describeScenario(resolveScenario(scenario), 'a.scenario.ts'))) as DescribedScenario
    expect(described.record.referenceVariant).toBe('ceiling')
    const resolved = resolvedFromDescription(described)
    expect(resolved.reference).toBe('ceiling')
    expect(resolved.spec.variants.ceiling?.reference).toBe(true)
    expect(resolved.spec.variants.y?.reference).toBeUndefined()
  })

  it('has no reference when the build described none (as builds older than reference variants)', () => {
    const scenario = { id: 'a/b', description: 'd', runner: micro(), variants: { x: { ...op, baseline: true }, y: op } } as AnyScenario
    const resolved = resolvedFromDescription(describeScenario(resolveScenario(scenario), 'a.scenario.ts'))
    expect(resolved.reference).toBeUndefined()
    expect(Object.values(resolved.spec.variants).some((v) => v.reference === true)).toBe(false)
  })
})
