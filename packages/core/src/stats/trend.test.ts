import { describe, expect, it } from 'vitest'
import { createRandom } from './prng.js'
import { mannKendall } from './trend.js'

describe('mannKendall', () => {
  it('matches a hand-computed example', () => {
    const result = mannKendall([1, 3, 2, 4, 5])
    // Of the 10 pairs, only (3, 2) is discordant: S = 9 − 1 = 8; Var = 5·4·15/18; z = (S − 1)/√Var
    expect(result.s).toBe(8)
    expect(result.z).toBeCloseTo(7 / Math.sqrt(250 / 15), 10)
    expect(result.slope).toBe(1)
  })

  it('finds a steady drift hidden in noise and reports its slope', () => {
    const random = createRandom(3)
    const series = Array.from({ length: 30 }, (_, i) => 0.004 * i + (random() - 0.5) * 0.02)
    const result = mannKendall(series)
    expect(result.p).toBeLessThan(0.001)
    expect(result.slope).toBeGreaterThan(0.003)
    expect(result.slope).toBeLessThan(0.005)
  })

  it('stays quiet on trendless noise in about 95% of series at α = 0.05', () => {
    const random = createRandom(4)
    let alarms = 0
    for (let t = 0; t < 500; t++) {
      if (mannKendall(Array.from({ length: 20 }, () => random())).p < 0.05) alarms++
    }
    expect(alarms / 500).toBeLessThan(0.08)
  })

  it('reports no trend for a constant series', () => {
    expect(mannKendall([2, 2, 2, 2]).p).toBe(1)
  })
})
