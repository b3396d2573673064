import { describe, expect, it } from 'vitest'
import { exampleComparison } from '../../test-fixtures/example-comparison.js'
import type { Comparison } from '../compare/comparison.js'
import type { ResultFile } from '../schema/result-file.js'
import { gate } from './gate.js'

function comparison(verdict: Comparison['verdict'], gated = true, headVariant = 'b'): Comparison {
  const example = exampleComparison()
  return exampleComparison({
    verdict,
    metric: { ...example.metric, name: 'nsPerOp', unit: 'ns', gated },
    base: { ...example.base, label: 'a', variant: 'a' },
    head: { ...example.head, label: headVariant, variant: headVariant },
  })
}

describe('gate', () => {
  it('passes improvements, equivalences and (without --strict) inconclusive verdicts', () => {
    expect(
      gate({ comparisons: [comparison('improved'), comparison('equivalent'), comparison('inconclusive')], results: [] }).exitCode,
    ).toBe(0)
  })

  it('fails on a regression of a gated metric, naming it', () => {
    const result = gate({ comparisons: [comparison('regressed')], results: [] })
    expect(result.exitCode).toBe(1)
    expect(result.failures[0]?.message).toMatch(/s\/x b vs a, nsPerOp regressed/)
  })

  it('ignores regressions of informational metrics', () => {
    expect(gate({ comparisons: [comparison('regressed', false)], results: [] }).exitCode).toBe(0)
  })

  it('fails inconclusive verdicts under --strict', () => {
    expect(gate({ comparisons: [comparison('inconclusive')], results: [], strict: true }).exitCode).toBe(1)
  })

  it('fails on a broken budget, with both figures in the metric’s unit', () => {
    // Only the fields the gate reads; a whole result file would bury what is being tested.
    const result = {
      scenario: { id: 's/x', metrics: [{ name: 'nsPerOp', unit: 'ns', better: 'lower' }] },
      session: { stopReason: 'rounds-complete' },
      error: null,
      outcome: 'completed',
      variants: [],
      warnings: [],
      budgets: [
        { budget: { metric: 'nsPerOp', max: 100_000, reason: 'seed target' }, variant: 'b', value: 172_712.4, status: 'fail' },
        { budget: { metric: 'nsPerOp', max: 500_000 }, variant: 'a', value: 172_712.4, status: 'pass' },
      ],
    } as unknown as ResultFile
    const outcome = gate({ comparisons: [], results: [result] })
    expect(outcome.exitCode).toBe(1)
    expect(outcome.failures.map((f) => f.message)).toEqual([
      's/x b: median nsPerOp = 172700 ns breaks the budget < 100000 ns (seed target)',
    ])
  })

  it('never fails on the verdicts of a reference variant, which is a yardstick, but still on a contender’s', () => {
    // Only the fields the gate reads.
    const result = {
      scenario: { id: 's/x', metrics: [], referenceVariant: 'ceiling' },
      session: { stopReason: 'rounds-complete' },
      error: null,
      variants: [],
      warnings: [],
      budgets: [],
    } as unknown as ResultFile
    const yardstick = [comparison('regressed', true, 'ceiling'), comparison('inconclusive', true, 'ceiling')]
    expect(gate({ comparisons: yardstick, results: [result], strict: true })).toEqual({ exitCode: 0, failures: [] })
    // The same verdicts of a variant that is not the reference, or of one in another scenario, still fail.
    expect(gate({ comparisons: [comparison('regressed')], results: [result] }).exitCode).toBe(1)
    const elsewhere = { ...result, scenario: { ...result.scenario, id: 's/other' } } as ResultFile
    expect(gate({ comparisons: [comparison('regressed', true, 'ceiling')], results: [elsewhere] }).exitCode).toBe(1)
  })
})
