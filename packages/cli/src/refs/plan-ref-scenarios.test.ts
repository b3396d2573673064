import type { DescribedScenario, DescribeReply, Requirement } from '@dyno/core'
import { shardOf } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { planRefScenarios } from './plan-ref-scenarios.js'

function scenario(id: string, variants: string[], requires: Requirement[] = []): DescribedScenario {
  return {
    record: {
      id,
      description: id,
      runner: { kind: 'micro', options: {} },
      baselineVariant: variants[0] as string,
      metrics: [{ name: 'nsPerOp', unit: 'ns', better: 'lower', gated: true, threshold: 0.05 }],
      claims: [],
      budgets: [],
      requires,
      tags: [],
      sourceFile: `scenarios/${id}.scenario.ts`,
    },
    variants: variants.map((name) => ({ name, description: null })),
    primaryMetric: 'nsPerOp',
  }
}

const reply = (...scenarios: DescribedScenario[]): DescribeReply => ({ type: 'described', scenarios, problems: [] })

const base = reply(scenario('a/kept', ['x', 'y']), scenario('a/gone', ['x', 'y']), scenario('b/three', ['p', 'q', 'r']))
const head = reply(
  scenario('a/kept', ['x', 'y', 'z']),
  scenario('a/new', ['x', 'y']),
  scenario('b/three', ['p', 'q', 'r']),
  scenario('c/db', ['x', 'y'], [{ kind: 'database', engine: 'mysql' }]),
)

describe('planRefScenarios', () => {
  it('runs what both sides have, runs what only HEAD has on HEAD alone, and lists what only BASE has', () => {
    const plan = planRefScenarios({ base, head }, [], undefined, {})
    expect(plan.selected).toEqual(['a/kept', 'a/new', 'b/three', 'c/db', 'a/gone'])
    expect(plan.added).toEqual(['a/new', 'c/db'])
    expect(plan.removed).toEqual(['a/gone'])
    expect(plan.toRun.map((s) => [s.head.record.id, s.base?.record.id ?? null])).toEqual([
      ['a/kept', 'a/kept'],
      ['a/new', null],
      ['b/three', 'b/three'],
    ])
    expect(plan.skipped).toEqual([{ scenarioId: 'c/db', reason: expect.stringContaining('needs mysql database') }])
  })

  it('counts the Holm family over variants both sides have, in every selected scenario', () => {
    // a/kept: x and y on both sides (z is HEAD's only); b/three: p, q, r; one gated metric each.
    expect(planRefScenarios({ base, head }, [], undefined, {}).familySize).toBe(5)
    expect(planRefScenarios({ base, head }, ['a'], undefined, {}).familySize).toBe(2)
  })

  it('gives each shard its own share but the whole selection and the whole family', () => {
    const plans = [1, 2, 3].map((index) => planRefScenarios({ base, head }, [], { index, count: 3 }, {}))
    expect(plans.flatMap((p) => p.mine).sort()).toEqual([...(plans[0]?.selected ?? [])].sort())
    for (const [i, plan] of plans.entries()) {
      expect(plan.mine.every((id) => shardOf(id, 3) === i + 1)).toBe(true)
      expect(plan.familySize).toBe(5)
    }
  })

  it('refuses a selector that matches nothing on either side, listing both sides’ ids', () => {
    expect(() => planRefScenarios({ base, head }, ['nope'], undefined, {})).toThrow(/no scenario matches 'nope'/)
  })
})
