import { describe, expect, it } from 'vitest'
import { checkBudgets } from '../gate/check-budgets.js'
import type { VariantResult } from '../schema/result-file.js'
import { loadBudget } from './load-budget.js'

describe('loadBudget', () => {
  it("turns k6's threshold syntax into budgets on pooled figures", () => {
    expect(loadBudget('p95 < 50ms')).toMatchObject({ metric: 'p95LatencyUs', max: 50_000, statistic: 'pooled' })
    expect(loadBudget('p99<1.5s')).toMatchObject({ metric: 'p99LatencyUs', max: 1_500_000 })
    expect(loadBudget('p50 < 800us')).toMatchObject({ metric: 'p50LatencyUs', max: 800 })
    expect(loadBudget('p95 < 20')).toMatchObject({ max: 20_000 }) // bare numbers are ms, as in k6
    expect(loadBudget('errors < 0.1%')).toMatchObject({ metric: 'errorRate', max: 0.001 })
    expect(loadBudget('dropped < 1%')).toMatchObject({ metric: 'droppedRate', max: 0.01 })
    expect(loadBudget('late < 0.05')).toMatchObject({ metric: 'lateRate', max: 0.05 })
    expect(loadBudget('throughput > 5000/s')).toMatchObject({ metric: 'throughputRps', min: 5000 })
  })

  it('keeps a variant, a reason and another statistic when given', () => {
    expect(loadBudget('p95 < 50ms', { variant: 'wal', reason: 'seed 002 target', statistic: 'median' })).toEqual({
      metric: 'p95LatencyUs',
      max: 50_000,
      statistic: 'median',
      variant: 'wal',
      reason: 'seed 002 target',
    })
  })

  it('explains what is wrong with a threshold it cannot read', () => {
    expect(() => loadBudget('p90 < 5ms')).toThrow(/unknown figure 'p90'/)
    expect(() => loadBudget('p95 < 5%')).toThrow(/not a time unit/)
    expect(() => loadBudget('errors < 2ms')).toThrow(/not a share/)
    expect(() => loadBudget('errors < 150%')).toThrow(/cannot exceed 100%/)
    expect(() => loadBudget('fast please')).toThrow(/not a threshold/)
  })

  it('is judged on the pooled figure, and a variant without pooled figures is not measured', () => {
    const summary = { n: 3, min: 1, max: 1, mean: 1, median: 1, q1: 1, q3: 1, p5: 1, p95: 1, mad: 0, relativeMad: 0, medianCi: null }
    const variant = (name: string, pooledP95: number | null): VariantResult => ({
      name,
      baseline: false,
      description: null,
      status: 'completed',
      statusReason: null,
      rounds: [],
      summaries: { p95LatencyUs: summary },
      ...(pooledP95 === null
        ? {}
        : { pooled: { method: 'm', rounds: 3, values: { p95LatencyUs: pooledP95 }, intervals: {}, histogram: '' } }),
    })
    const checks = checkBudgets([loadBudget('p95 < 50ms')], [variant('fast', 12_000), variant('slow', 60_000), variant('unpooled', null)])
    expect(checks.map((c) => [c.variant, c.status, c.value])).toEqual([
      ['fast', 'pass', 12_000],
      ['slow', 'fail', 60_000],
      ['unpooled', 'not-measured', null],
    ])
  })
})
