import { type Random, shuffled } from '../stats/prng.js'

/**
 * The order in which variants run in each round. Even rounds draw a fresh random permutation,
 * odd rounds reverse the previous one (A B | B A | C A B | B A C …): every variant spends as
 * many rounds early as late, so a trend in machine state (warming caches, a neighbour's
 * burst, thermal throttling) loads both sides equally instead of biasing whoever runs first.
 * Google Benchmark's random interleaving cut run-to-run variance by ~40% (its issue #1051).
 */
export function roundOrder(variants: readonly string[], round: number, previous: readonly string[] | null, random: Random): string[] {
  if (round % 2 === 1 && previous !== null) {
    const reversed = [...previous].reverse()
    // Variants that stopped running since the previous round are dropped; none are added.
    return reversed.filter((v) => variants.includes(v))
  }
  return shuffled(variants, random)
}
