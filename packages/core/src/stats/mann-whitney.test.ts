import { describe, expect, it } from 'vitest'
import vectors from './fixtures/scipy-vectors.json' with { type: 'json' }
import { mannWhitneyNullDistribution, mannWhitneyU } from './mann-whitney.js'
import { createRandom, shuffled } from './prng.js'

describe('mannWhitneyU', () => {
  it('matches the scipy vectors quoted in the statistics notes', () => {
    const ties = mannWhitneyU(
      [12.1, 11.8, 12.5, 12.0, 11.9, 12.3, 12.2, 12.4, 11.7, 12.6],
      [12.4, 12.9, 12.2, 12.8, 13.1, 12.7, 12.6, 13.0, 12.5, 12.3],
      { method: 'asymptotic' },
    )
    expect(ties.u1).toBe(12.5)
    expect(ties.p).toBeCloseTo(0.005075392315273923, 14)
    const exact = mannWhitneyU([1.1, 2.3, 3.5, 4.2, 5.9, 6.4], [3.8, 5.1, 6.6, 7.3, 8.8, 9.2, 10.5], { method: 'exact' })
    expect(exact.u1).toBe(5)
    expect(exact.p).toBeCloseTo(0.022144522144522144, 14)
  })

  it.each(vectors.mannWhitney.map((v, i) => [i, v] as const))('matches scipy vector %i', (_, vector) => {
    const result = mannWhitneyU(vector.x, vector.y, { method: vector.method as 'exact' | 'asymptotic' })
    expect(result.u1).toBeCloseTo(vector.u1, 9)
    expect(Math.abs(result.p - vector.p)).toBeLessThan(1e-12 + 1e-9 * vector.p)
  })

  it('chooses the exact distribution for small samples, ties included', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).method).toBe('exact')
    expect(mannWhitneyU([1, 2, 2], [4, 5, 6]).method).toBe('exact')
    expect(
      mannWhitneyU(
        Array.from({ length: 30 }, (_, i) => i),
        Array.from({ length: 30 }, (_, i) => i + 0.5),
      ).method,
    ).toBe('asymptotic')
  })

  it('computes the exact p-value conditional on ties by full enumeration', () => {
    // Brute force over all C(7, 3) = 35 ways to split the pooled values.
    const x = [1, 2, 2]
    const y = [2, 3, 3, 4]
    const pooled = [...x, ...y]
    const ranks = [1, 3, 3, 3, 5.5, 5.5, 7]
    const observed = Math.abs(1 + 3 + 3 - (3 * 28) / 7)
    let extreme = 0
    let total = 0
    for (let a = 0; a < 7; a++)
      for (let b = a + 1; b < 7; b++)
        for (let c = b + 1; c < 7; c++) {
          total++
          const sum = (ranks[a] as number) + (ranks[b] as number) + (ranks[c] as number)
          if (Math.abs(sum - 12) >= observed - 1e-9) extreme++
        }
    expect(pooled.length).toBe(7)
    expect(mannWhitneyU(x, y).p).toBeCloseTo(extreme / total, 12)
  })

  it('gives a null distribution that sums to one and is symmetric', () => {
    const d = mannWhitneyNullDistribution(7, 5)
    expect(d.length).toBe(36)
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    for (let u = 0; u < d.length; u++) expect(d[u]).toBeCloseTo(d[d.length - 1 - u] as number, 15)
  })

  it('does not depend on the order of the samples', () => {
    const random = createRandom(7)
    const x = Array.from({ length: 25 }, () => random())
    const y = Array.from({ length: 30 }, () => random() + 0.1)
    const a = mannWhitneyU(x, y)
    const b = mannWhitneyU(shuffled(x, random), shuffled(y, random))
    expect(b.p).toBe(a.p)
    expect(b.u1).toBe(a.u1)
  })

  it('is unchanged when both samples are scaled by the same factor', () => {
    const x = [3, 1, 4, 1.5, 5, 9, 2.6, 5.3]
    const y = [5.8, 9.7, 9.3, 2.38, 4.6, 2.64, 3.38, 3.27]
    expect(
      mannWhitneyU(
        x.map((v) => v * 1000),
        y.map((v) => v * 1000),
      ).p,
    ).toBe(mannWhitneyU(x, y).p)
  })
})
