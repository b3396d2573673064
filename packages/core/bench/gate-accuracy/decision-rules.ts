import { stats } from '../../src/index.js'

/**
 * The decisions dyno is measured against, applied to the same per-round samples dyno saw:
 * - benchstat-style: Mann–Whitney U at α = 0.05 on 10 samples per side, no threshold
 *   (golang.org/x/perf/benchstat; "~" unless significant);
 * - fixed 5% on medians: regressed when the head median is more than 5% above the base median,
 *   the rule of many hand-rolled CI checks.
 */
export function benchstatRegressed(base: readonly number[], head: readonly number[]): boolean {
  const b = base.slice(0, 10)
  const h = head.slice(0, 10)
  if (b.length < 4 || h.length < 4) return false
  return stats.mannWhitneyU(b, h).p < 0.05 && stats.median(h) > stats.median(b)
}

export function fixedThresholdRegressed(base: readonly number[], head: readonly number[], threshold = 0.05): boolean {
  const b = base.slice(0, 10)
  const h = head.slice(0, 10)
  if (b.length === 0 || h.length === 0) return false
  return stats.median(h) / stats.median(b) > 1 + threshold
}
