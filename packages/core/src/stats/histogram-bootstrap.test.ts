import { describe, expect, it } from 'vitest'
import { bootstrapSamples, type CountedSample, poolSamples } from './histogram-bootstrap.js'
import { bucketValueUs, createLatencyHistogram, mergeHistograms, percentileUs, recordLatencyUs, sparseCounts } from './latency-histogram.js'
import { createRandom } from './prng.js'

const reference = createLatencyHistogram()
const bucketValue = (index: number) => bucketValueUs(reference, index)

/** A window of `n` latencies spread around `centerUs`, lasting 1 s. */
function window(seed: number, n: number, centerUs: number, extra: Partial<CountedSample> = {}) {
  const random = createRandom(seed)
  const h = createLatencyHistogram()
  for (let i = 0; i < n; i++) recordLatencyUs(h, centerUs * (0.5 + random()))
  const { indexes, counts } = sparseCounts(h)
  const sample: CountedSample = { indexes, counts, ok: n, errors: 0, durationMs: 1000, scheduled: 0, dropped: 0, late: 0, ...extra }
  return { h, sample }
}

describe('pooling and bootstrapping histogram samples', () => {
  const windows = Array.from({ length: 8 }, (_, i) => window(i + 1, 500, i === 5 ? 3000 : 1000))

  it('pools to the percentiles of the merged histogram and to rates from summed counts', () => {
    const pooled = poolSamples(
      windows.map((w) => w.sample),
      { bucketValue, openModel: false },
    )
    const merged = mergeHistograms(windows.map((w) => w.h))
    expect(pooled.p50LatencyUs).toBe(percentileUs(merged, 50))
    expect(pooled.p95LatencyUs).toBe(percentileUs(merged, 95))
    expect(pooled.p99LatencyUs).toBe(percentileUs(merged, 99))
    expect(pooled.throughputRps).toBe(500)
    expect(pooled.errorRate).toBe(0)
  })

  it('computes error, dropped and late rates as totals over totals, not means of ratios', () => {
    const a = window(1, 90, 1000, { errors: 10, scheduled: 100, dropped: 0, late: 0 }).sample
    const b = window(2, 1, 1000, { errors: 1, scheduled: 1000, dropped: 998, late: 1 }).sample
    const pooled = poolSamples([a, b], { bucketValue, openModel: true })
    expect(pooled.errorRate).toBeCloseTo(11 / 102, 12)
    expect(pooled.droppedRate).toBeCloseTo(998 / 1100, 12)
    expect(pooled.lateRate).toBeCloseTo(1 / 1100, 12)
  })

  it('gives seeded intervals that contain the pooled estimate and reproduce exactly', () => {
    const samples = windows.map((w) => w.sample)
    const options = { bucketValue, openModel: false, iterations: 400 }
    const first = bootstrapSamples(samples, { ...options, random: createRandom(99) })
    const again = bootstrapSamples(samples, { ...options, random: createRandom(99) })
    const pooled = poolSamples(samples, options)
    expect(again).toEqual(first)
    for (const name of ['p50LatencyUs', 'p95LatencyUs', 'p99LatencyUs', 'throughputRps']) {
      const interval = first[name]
      expect(interval, name).toBeDefined()
      expect(interval?.low).toBeLessThanOrEqual(pooled[name] as number)
      expect(interval?.high).toBeGreaterThanOrEqual(pooled[name] as number)
    }
    // The one slow window makes the p99 uncertain: its interval is wide, the p50's narrow.
    const width = (name: string) => ((first[name]?.high ?? 0) - (first[name]?.low ?? 0)) / (pooled[name] as number)
    expect(width('p99LatencyUs')).toBeGreaterThan(width('p50LatencyUs'))
  })

  it('refuses to make an interval out of fewer than three samples', () => {
    expect(
      bootstrapSamples([windows[0]?.sample as CountedSample, windows[1]?.sample as CountedSample], {
        bucketValue,
        openModel: false,
        random: createRandom(1),
      }),
    ).toEqual({})
  })
})
