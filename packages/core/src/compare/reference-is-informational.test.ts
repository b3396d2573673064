import { describe, expect, it } from 'vitest'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import type { ResultFile, RoundRecord, VariantResult } from '../schema/result-file.js'
import { compareWithinRun } from './compare-runs.js'
import { independentInputs } from './independent-inputs.js'
import { comparedMetric, contenderCount } from './reference-is-informational.js'

const THROUGHPUT: MetricSpec & MetricPolicy = { name: 'rps', unit: 'req/s', better: 'higher', gated: true, threshold: 0.05 }

function variant(name: string, values: readonly number[]): VariantResult {
  const rounds = values.map(
    (value, round): RoundRecord => ({
      round,
      position: 0,
      startedAt: '2026-11-23T10:45:12.000Z',
      isolation: 'in-process',
      status: 'ok',
      values: { rps: value },
      detail: {},
    }),
  )
  return { name, baseline: name === 'before', description: null, status: 'completed', statusReason: null, rounds, summaries: {} }
}

/** A run in which `after` and the `ceiling` both beat `before` clearly, in every round. Only the fields comparisons read. */
function run(runId: string, referenceVariant?: string): ResultFile {
  const spread = (center: number) => Array.from({ length: 12 }, (_, i) => center * (1 + ((i * 7) % 5) / 100))
  return {
    runId,
    scenario: {
      id: 'accounts/phases',
      baselineVariant: 'before',
      metrics: [THROUGHPUT],
      ...(referenceVariant ? { referenceVariant } : {}),
    },
    variants: [variant('before', spread(1000)), variant('after', spread(1500)), variant('ceiling', spread(3000))],
  } as unknown as ResultFile
}

describe('a reference variant’s comparisons', () => {
  it('are informational, and only the reference’s: the contenders keep their gated metrics', () => {
    expect(comparedMetric(THROUGHPUT, 'ceiling', 'ceiling').gated).toBe(false)
    expect(comparedMetric(THROUGHPUT, 'after', 'ceiling')).toBe(THROUGHPUT)
    expect(comparedMetric(THROUGHPUT, 'ceiling', undefined)).toBe(THROUGHPUT)
    expect(contenderCount(['before', 'after', 'ceiling'], 'ceiling')).toBe(1)
    expect(contenderCount(['before', 'after', 'ceiling'], undefined)).toBe(2)
  })

  it('within a run: reported, not gated, and out of the gated Holm family, which then holds the contenders alone', () => {
    const withReference = compareWithinRun([run('r1', 'ceiling')])
    const ceiling = withReference.find((c) => c.head.variant === 'ceiling')
    const after = withReference.find((c) => c.head.variant === 'after')
    expect(ceiling?.verdict).toBe('improved')
    expect(ceiling?.metric.gated).toBe(false)
    expect(after?.metric.gated).toBe(true)
    // Without the reference marked, `after` shares its Holm family with the ceiling: a larger adjusted p.
    const unmarked = compareWithinRun([run('r1')]).find((c) => c.head.variant === 'after')
    expect(after?.pAdjusted).toBeLessThan(unmarked?.pAdjusted ?? 0)
  })

  it('between two runs: the reference’s own change is informational too', () => {
    const inputs = independentInputs(run('r1', 'ceiling'), run('r2', 'ceiling'), { base: 'main', head: 'branch' })
    expect(inputs.find((c) => c.head.variant === 'ceiling')?.metric.gated).toBe(false)
    expect(inputs.find((c) => c.head.variant === 'after')?.metric.gated).toBe(true)
  })
})
