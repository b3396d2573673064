import { describe, expect, it } from 'vitest'
import { holmAdjust } from '../stats/holm.js'
import { wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js'
import { roundsForSignificance } from './rounds-for-significance.js'

/** Smallest Holm-adjusted p a family of `m` comparisons of `n` pairs can give with one discordant pair. */
function bestAdjustedP(n: number, m: number): number {
  const differences = Array.from({ length: n }, (_, i) => (i === 0 ? -0.5 : i + 1))
  const p = wilcoxonSignedRank(differences).p
  return holmAdjust(Array.from({ length: m }, () => p))[0] as number
}

describe('roundsForSignificance', () => {
  it('is the first round count at which a family can reach p < α with one discordant pair, and not one earlier', () => {
    for (const m of [1, 2, 4, 10, 40]) {
      const n = roundsForSignificance(m, 0.01)
      expect(bestAdjustedP(n, m), `m=${m} n=${n}`).toBeLessThan(0.01)
      expect(bestAdjustedP(n - 1, m), `m=${m} n=${n - 1}`).toBeGreaterThanOrEqual(0.01)
    }
  })

  it('grows with the family: two comparisons need 10 rounds, forty need 14', () => {
    expect(roundsForSignificance(2, 0.01)).toBe(10)
    expect(roundsForSignificance(40, 0.01)).toBe(14)
  })
})
