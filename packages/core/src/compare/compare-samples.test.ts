import { describe, expect, it } from 'vitest'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import { createRandom, shuffled } from '../stats/prng.js'
import { type CompareSamplesInput, compareFamily, compareSamples } from './compare-samples.js'

const nsPerOp: MetricSpec & MetricPolicy = { name: 'nsPerOp', unit: 'ns', better: 'lower', gated: true, threshold: 0.05 }
const rowsPerSec: MetricSpec & MetricPolicy = { name: 'rowsPerSec', unit: 'rows/s', better: 'higher', gated: true, threshold: 0.05 }

function noisy(n: number, center: number, cv: number, seed: number): number[] {
  const random = createRandom(seed)
  return Array.from({ length: n }, () => center * Math.exp(cv * (random() + random() + random() - 1.5)))
}

function input(base: number[], head: number[], overrides: Partial<CompareSamplesInput> = {}): CompareSamplesInput {
  return {
    scenarioId: 'demo/x',
    metric: nsPerOp,
    pairing: 'independent',
    base: { label: 'base', variant: 'v', runId: 'r1', values: base },
    head: { label: 'head', variant: 'v', runId: 'r2', values: head },
    ...overrides,
  }
}

describe('compareSamples verdicts', () => {
  it('calls a clear 30% slowdown of a lower-is-better metric regressed', () => {
    const base = noisy(15, 1000, 0.03, 1)
    const head = noisy(15, 1300, 0.03, 2)
    const c = compareSamples(input(base, head))
    expect(c.verdict).toBe('regressed')
    expect(c.ratio.estimate).toBeGreaterThan(1.25)
    expect(c.ratio.estimate).toBeLessThan(1.35)
    expect(c.reason).toMatch(/worse beyond the ±5% threshold/)
  })

  it('calls a higher throughput improved, not regressed (direction comes from the metric)', () => {
    const c = compareSamples(input(noisy(15, 1000, 0.03, 3), noisy(15, 1300, 0.03, 4), { metric: rowsPerSec }))
    expect(c.verdict).toBe('improved')
  })

  it('calls identical samples equivalent (a run compared with itself)', () => {
    const values = noisy(20, 1000, 0.02, 5)
    const c = compareSamples(input(values, values))
    expect(c.verdict).toBe('equivalent')
    expect(c.ratio.estimate).toBe(1)
    expect(c.p).toBe(1)
  })

  it('does not call a significant 2% change regressed under a 5% threshold', () => {
    const base = noisy(40, 1000, 0.005, 6)
    const head = noisy(40, 1020, 0.005, 7)
    const c = compareSamples(input(base, head))
    expect(c.p).toBeLessThan(0.05)
    expect(c.verdict).not.toBe('regressed')
  })

  it('says inconclusive, with how many more rounds, when the noise is wider than the threshold', () => {
    const c = compareSamples(input(noisy(8, 1000, 0.3, 8), noisy(8, 1000, 0.3, 9)))
    expect(c.verdict).toBe('inconclusive')
    expect(c.minDetectableChange).toBeGreaterThan(0.05)
    expect(c.reason).toMatch(/not significant/)
  })

  it('cannot decide anything from five pairs and says so', () => {
    const base = [100, 101, 102, 103, 104]
    const c = compareSamples(
      input(
        base,
        base.map((v) => v * 1.5),
        { pairing: 'paired-rounds' },
      ),
    )
    expect(c.verdict).toBe('inconclusive')
    expect(c.ratio.low).toBeNull()
    expect(c.minDetectableChange).toBeNull()
  })

  it('pairs rounds: a consistent 8% per-round slowdown is caught despite 30% round-to-round drift', () => {
    const drift = noisy(12, 1000, 0.3, 10)
    const random = createRandom(11)
    const head = drift.map((v) => v * 1.08 * (1 + (random() - 0.5) * 0.01))
    expect(compareSamples(input(drift, head, { pairing: 'paired-rounds' })).verdict).toBe('regressed')
    // The same data treated as independent samples is lost in the drift.
    expect(compareSamples(input(drift, head)).verdict).toBe('inconclusive')
  })

  it('compares metrics that can be zero as differences relative to the base median', () => {
    const c = compareSamples(
      input([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], { metric: { ...nsPerOp, name: 'gcPauseMs', unit: 'ms' } }),
    )
    expect(c.scale).toBe('difference')
    expect(c.verdict).toBe('equivalent')
  })
})

describe('verdict properties', () => {
  const base = noisy(20, 500, 0.05, 12)
  const head = noisy(20, 560, 0.05, 13)

  it('does not depend on sample order', () => {
    const random = createRandom(14)
    const a = compareSamples(input(base, head))
    const b = compareSamples(input(shuffled(base, random), shuffled(head, random)))
    expect(b.verdict).toBe(a.verdict)
    expect(b.p).toBe(a.p)
    expect(b.ratio.estimate).toBeCloseTo(a.ratio.estimate as number, 12)
  })

  it('is unchanged when both sides are scaled by the same factor (units do not matter)', () => {
    const a = compareSamples(input(base, head))
    const b = compareSamples(
      input(
        base.map((v) => v * 1e6),
        head.map((v) => v * 1e6),
      ),
    )
    expect(b.verdict).toBe(a.verdict)
    expect(b.p).toBeCloseTo(a.p, 12)
    expect(b.ratio.estimate).toBeCloseTo(a.ratio.estimate as number, 9)
  })

  it('mirrors when base and head swap', () => {
    const a = compareSamples(input(base, head))
    const b = compareSamples(input(head, base))
    expect(a.verdict).toBe('regressed')
    expect(b.verdict).toBe('improved')
    expect((a.ratio.estimate as number) * (b.ratio.estimate as number)).toBeCloseTo(1, 9)
  })
})

describe('compareFamily', () => {
  it('adjusts p-values with Holm among gated metrics only', () => {
    const inputs = [0, 1, 2].map((i) => input(noisy(10, 100, 0.05, 20 + i), noisy(10, 104, 0.05, 30 + i)))
    const info = input(noisy(10, 100, 0.05, 40), noisy(10, 104, 0.05, 41), { metric: { ...nsPerOp, name: 'cpuMs', gated: false } })
    const family = compareFamily([...inputs, info])
    for (const [i, c] of family.slice(0, 3).entries())
      expect(c.pAdjusted).toBeGreaterThanOrEqual(compareSamples(inputs[i] as CompareSamplesInput).p)
    const last = family[3]
    expect(last?.pAdjusted).toBe(last?.p)
  })
})
