import { normalSurvival } from './normal.js'
import { median } from './quantiles.js'

/**
 * Mann–Kendall trend test (Mann 1945; Kendall 1975) with the Theil–Sen slope (Sen 1968):
 * does a series drift with its index? Rank-based, so one wild round does not fake a trend.
 * Used on the per-round log-ratios of interleaved variants: a trend there means the two
 * variants did not share the machine's state evenly (one warms up, a cache fills, a
 * neighbour's load ramps), and the average ratio then depends on how long the run lasted.
 */
export interface TrendResult {
  /** Kendall's S: concordant minus discordant pairs. */
  s: number
  z: number
  /** Two-sided p-value, normal approximation with tie and continuity corrections. */
  p: number
  /** Median of pairwise slopes (change per index step). */
  slope: number
}

export function mannKendall(values: readonly number[]): TrendResult {
  const n = values.length
  if (n < 3) return { s: 0, z: 0, p: 1, slope: 0 }
  let s = 0
  const slopes: number[] = []
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = (values[j] as number) - (values[i] as number)
      s += Math.sign(d)
      slopes.push(d / (j - i))
    }
  }
  const counts = new Map<number, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  let tieCorrection = 0
  for (const t of counts.values()) tieCorrection += t * (t - 1) * (2 * t + 5)
  const variance = (n * (n - 1) * (2 * n + 5) - tieCorrection) / 18
  if (variance <= 0) return { s, z: 0, p: 1, slope: 0 }
  const z = s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance)
  return { s, z, p: Math.min(1, 2 * normalSurvival(Math.abs(z))), slope: median(slopes) }
}
