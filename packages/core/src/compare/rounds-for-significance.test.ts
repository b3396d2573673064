import { describe, expect, it } from 'vitest'
import { holmAdjust } from '../stats/holm.js'
import { wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js'
import { roundsForSignificance, tooFewRoundsMessage } from './rounds-for-significance.js'

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

  it('warns in words that stay true: one round short can still decide when every round agrees, fewer cannot', () => {
    const unanimousP = (n: number, m: number) => holmAdjust(Array.from({ length: m }, () => 2 / 2 ** n))[0] as number
    // Three gated comparisons need 11 rounds for room; 10 decide only if unanimous; 9 never.
    expect(roundsForSignificance(3, 0.01)).toBe(11)
    expect(unanimousP(10, 3)).toBeLessThan(0.01)
    expect(unanimousP(9, 3)).toBeGreaterThanOrEqual(0.01)
    expect(tooFewRoundsMessage(10, 3, 0.01, 'rounds-complete')).toBe(
      'only 10 rounds were measured (rounds-complete); among 3 gated comparisons, a change is significant only if every round agrees, with no room for one disturbed round (that takes 11)',
    )
    expect(tooFewRoundsMessage(9, 3, 0.01, 'time-budget')).toBe(
      'only 9 rounds were measured (time-budget); at least 10 are needed before any change can be called significant among 3 gated comparisons (11 to allow one disturbed round)',
    )
    expect(tooFewRoundsMessage(4, 1, 0.01, 'time-budget')).toMatch(/among 1 gated comparison \(/)
  })
})
