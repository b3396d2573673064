import { describe, expect, it } from 'vitest'
import { hodgesLehmannPaired, hodgesLehmannTwoSample } from './hodges-lehmann.js'
import { createRandom } from './prng.js'

describe('Hodges–Lehmann intervals', () => {
  it('uses the tabulated signed-rank critical value for ten pairs (C = 9 of 55 Walsh averages)', () => {
    const d = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    const walsh: number[] = []
    for (let i = 0; i < d.length; i++) for (let j = i; j < d.length; j++) walsh.push(((d[i] as number) + (d[j] as number)) / 2)
    walsh.sort((a, b) => a - b)
    const result = hodgesLehmannPaired(d)
    expect(result.estimate).toBe(5.5)
    expect(result.low).toBe(walsh[8])
    expect(result.high).toBe(walsh[46])
  })

  it('returns an unbounded interval when there are too few pairs to bound it', () => {
    const result = hodgesLehmannPaired([0.1, 0.2, 0.3, 0.4, 0.5])
    expect(result.low).toBe(Number.NEGATIVE_INFINITY)
    expect(result.high).toBe(Number.POSITIVE_INFINITY)
  })

  it('covers the true shift in about 95% of simulated samples', () => {
    const random = createRandom(11)
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    let coveredPaired = 0
    let coveredTwo = 0
    const trials = 400
    for (let t = 0; t < trials; t++) {
      const d = Array.from({ length: 15 }, () => 0.3 + gaussian())
      const p = hodgesLehmannPaired(d)
      if (p.low <= 0.3 && 0.3 <= p.high) coveredPaired++
      const x = Array.from({ length: 12 }, () => gaussian())
      const y = Array.from({ length: 14 }, () => 0.3 + gaussian())
      const s = hodgesLehmannTwoSample(x, y)
      if (s.low <= 0.3 && 0.3 <= s.high) coveredTwo++
    }
    expect(coveredPaired / trials).toBeGreaterThan(0.92)
    expect(coveredPaired / trials).toBeLessThan(0.99)
    expect(coveredTwo / trials).toBeGreaterThan(0.92)
    expect(coveredTwo / trials).toBeLessThan(0.99)
  })

  it('estimates the shift of y relative to x', () => {
    const result = hodgesLehmannTwoSample([1, 2, 3, 4, 5, 6, 7, 8], [11, 12, 13, 14, 15, 16, 17, 18])
    expect(result.estimate).toBe(10)
    expect(result.low).toBeGreaterThan(5)
    expect(result.high).toBeLessThan(15)
  })
})
