import { describe, expect, it } from 'vitest'
import type { Comparison } from '../compare/comparison.js'
import type { ResultFile, VariantResult } from '../schema/result-file.js'
import { refProfilePlans } from './ref-profile-plan.js'

/** Only the fields the plan reads; the rest of a result file does not matter to it. */
function result(id: string, variants: Record<string, VariantResult['status']>): ResultFile {
  return {
    scenario: { id },
    error: null,
    variants: Object.entries(variants).map(([name, status]) => ({ name, status })),
  } as unknown as ResultFile
}

function verdict(scenarioId: string, variant: string, v: Comparison['verdict'], gated = true): Comparison {
  return {
    scenarioId,
    verdict: v,
    metric: { name: 'nsPerOp', gated },
    ratio: { estimate: 1.25 },
    base: { label: 'main (1111111)', variant },
    head: { label: 'HEAD (2222222)', variant },
  } as unknown as Comparison
}

const base = [result('a/one', { before: 'completed', after: 'completed', gone: 'completed' }), result('a/two', { x: 'completed' })]
const head = [
  result('a/one', { before: 'completed', after: 'completed', fresh: 'completed', broken: 'errored' }),
  result('a/two', { x: 'completed' }),
  result('a/new', { only: 'completed' }),
]

describe('refProfilePlans', () => {
  it('profiles every variant that completed with --profile, on BASE only where HEAD has it too', () => {
    const plans = refProfilePlans({ base, head, comparisons: [], mode: 'always' })
    expect(plans.map((p) => [p.scenarioId, p.trigger, p.variants])).toEqual([
      ['a/one', 'requested', { base: ['before', 'after'], head: ['before', 'after', 'fresh'] }],
      ['a/two', 'requested', { base: ['x'], head: ['x'] }],
      ['a/new', 'requested', { base: [], head: ['only'] }],
    ])
  })

  it('profiles by default only the variants whose gated verdict regressed, on both builds, and says what regressed', () => {
    const comparisons = [
      verdict('a/one', 'after', 'regressed'),
      verdict('a/one', 'before', 'equivalent'),
      verdict('a/two', 'x', 'regressed', false),
    ]
    const plans = refProfilePlans({ base, head, comparisons, mode: 'on-regression' })
    expect(plans).toEqual([
      {
        scenarioId: 'a/one',
        trigger: 'regression',
        reason: 'after regressed on nsPerOp (+25.0%) from main (1111111) to HEAD (2222222)',
        variants: { base: ['after'], head: ['after'] },
      },
    ])
    expect(refProfilePlans({ base, head, comparisons, mode: 'never' })).toEqual([])
  })
})
