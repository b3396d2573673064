import { describe, expect, it } from 'vitest'
import { bootstrapInterval } from './bootstrap.js'
import { createRandom } from './prng.js'
import { median, medianAbsoluteDeviation, quantile } from './quantiles.js'
import { summarize } from './summary.js'

describe('quantiles and summaries', () => {
  it('interpolates like numpy (type 7)', () => {
    // numpy.quantile([1, 2, 3, 4, 10], [0.25, 0.9]) = [2.0, 7.6]
    expect(quantile([10, 1, 3, 2, 4], 0.25)).toBe(2)
    expect(quantile([10, 1, 3, 2, 4], 0.9)).toBeCloseTo(7.6, 12)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9])).toBe(1)
  })

  it('reproduces a bootstrap interval exactly from the same seed', () => {
    const values = [5, 7, 8, 9, 12, 13, 15, 21, 22, 30]
    const a = bootstrapInterval(values, median, { random: createRandom(42) })
    const b = bootstrapInterval(values, median, { random: createRandom(42) })
    expect(a).toEqual(b)
    expect(a.low).toBeLessThanOrEqual(median(values))
    expect(a.high).toBeGreaterThanOrEqual(median(values))
  })

  it('summarises without touching the caller’s array', () => {
    const values = [3, 1, 2]
    const s = summarize(values, createRandom(1))
    expect(values).toEqual([3, 1, 2])
    expect(s.median).toBe(2)
    expect(s.n).toBe(3)
    expect(s.relativeMad).toBe(0.5)
  })
})
