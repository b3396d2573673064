/**
 * The fewest interleaved rounds at which a paired verdict can be significant at all after
 * Holm's adjustment over `familySize` gated comparisons, with one round to spare.
 *
 * The exact signed-rank test's smallest two-sided p with n pairs is 2/2ⁿ (every pair on the
 * same side), and Holm multiplies the smallest p of the family by its size m. So no change
 * can be called regressed before 2ⁿ > 2m/α — at α = 0.01 that is 9 pairs for two comparisons
 * and 13 for forty. One more round leaves room for one discordant pair (p = 4/2ⁿ). A session
 * that stops earlier on precision would report a 30% slowdown as "inconclusive" however clear
 * it is, so compare-refs never stops its adaptive sampling before this.
 */
export function roundsForSignificance(familySize: number, alpha: number): number {
  return Math.floor(Math.log2((2 * Math.max(1, familySize)) / alpha)) + 2
}

/**
 * Why a session with fewer than `roundsForSignificance` rounds is weak, in words that stay
 * true: one round short still allows a verdict when every round agrees, fewer allow none.
 */
export function tooFewRoundsMessage(measuredRounds: number, familySize: number, alpha: number, stopReason: string): string {
  const needed = roundsForSignificance(familySize, alpha)
  const among = `${familySize} gated comparison${familySize === 1 ? '' : 's'}`
  const what =
    measuredRounds >= needed - 1
      ? `among ${among}, a change is significant only if every round agrees, with no room for one disturbed round (that takes ${needed})`
      : `at least ${needed - 1} are needed before any change can be called significant among ${among} (${needed} to allow one disturbed round)`
  return `only ${measuredRounds} rounds were measured (${stopReason}); ${what}`
}
