import { describe, expect, it } from 'vitest'
import vectors from './fixtures/scipy-vectors.json' with { type: 'json' }
import { signedRankNullDistribution, wilcoxonSignedRank } from './wilcoxon-signed-rank.js'

describe('wilcoxonSignedRank', () => {
  it.each(vectors.signedRank.map((v, i) => [i, v] as const))('matches scipy vector %i', (_, vector) => {
    const method = vector.method === 'exact' ? 'exact' : 'asymptotic'
    const result = wilcoxonSignedRank(vector.d, { method })
    expect(Math.abs(result.p - vector.p)).toBeLessThan(1e-12 + 1e-9 * vector.p)
  })

  it('returns p = 1 when every difference is zero (an A/A run of identical figures)', () => {
    expect(wilcoxonSignedRank([0, 0, 0, 0]).p).toBe(1)
  })

  it('can never reach p < 0.05 with five pairs, and can with six', () => {
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5]).p).toBeCloseTo(0.0625, 12)
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5, 6]).p).toBeCloseTo(0.03125, 12)
  })

  it('is exact for tied differences in small samples (five equal ratios are not significant)', () => {
    const result = wilcoxonSignedRank([0.4, 0.4, 0.4, 0.4, 0.4])
    expect(result.method).toBe('exact')
    expect(result.p).toBeCloseTo(0.0625, 12)
  })

  it('has a null distribution that sums to one', () => {
    const d = signedRankNullDistribution(12)
    expect(d.length).toBe(79)
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })
})
