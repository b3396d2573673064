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
