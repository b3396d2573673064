import { normalSurvival } from './normal.js'
import { rankWithTies, tieTerm } from './ranks.js'

/**
 * Mann–Whitney U test, two-sided (Mann & Whitney 1947). It asks whether one sample tends to
 * be larger than the other without assuming normality, which benchmark timings rarely are.
 * Conventions follow scipy.stats.mannwhitneyu: U is the statistic of the first sample; the
 * asymptotic p-value is tie- and continuity-corrected; the exact p-value doubles the tail of
 * the permutation distribution. Checked against scipy 1.17.1 (see mann-whitney.test.ts).
 */
export type RankTestMethod = 'exact' | 'asymptotic'

export interface MannWhitneyResult {
  u1: number
  u2: number
  p: number
  method: RankTestMethod
}

/** Largest sample size (n1 + n2) for which the exact null distribution is used. */
const EXACT_LIMIT = 40

/**
 * Counts of U = 0..m·n over all C(m+n, m) arrangements, by the recurrence
 * f(m, n, u) = f(m−1, n, u−n) + f(m, n−1, u). Returned as probabilities.
 */
export function mannWhitneyNullDistribution(m: number, n: number): Float64Array {
  // table[j] holds the distribution for (i, j) while iterating i; start with i = 0: U = 0 only.
  let previous: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1))
  for (let i = 1; i <= m; i++) {
    const current: Float64Array[] = [Float64Array.of(1)]
    for (let j = 1; j <= n; j++) {
      const size = i * j + 1
      const counts = new Float64Array(size)
      const left = previous[j] as Float64Array // (i−1, j), shifted by j
      for (let u = 0; u < left.length; u++) counts[u + j] = (counts[u + j] as number) + (left[u] as number)
      const down = current[j - 1] as Float64Array // (i, j−1)
      for (let u = 0; u < down.length; u++) counts[u] = (counts[u] as number) + (down[u] as number)
      current.push(counts)
    }
    previous = current
  }
  const counts = previous[n] as Float64Array
  let total = 0
  for (const c of counts) total += c
  return counts.map((c) => c / total)
}

export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: { method?: RankTestMethod | 'auto' } = {},
): MannWhitneyResult {
  const n1 = x.length
  const n2 = y.length
  if (n1 === 0 || n2 === 0) return { u1: Number.NaN, u2: Number.NaN, p: Number.NaN, method: 'asymptotic' }
  const { ranks, tieGroups } = rankWithTies([...x, ...y])
  let r1 = 0
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number
  const u1 = r1 - (n1 * (n1 + 1)) / 2
  const u2 = n1 * n2 - u1
  const requested = options.method ?? 'auto'
  const method: RankTestMethod =
    requested === 'auto' ? (tieGroups.length === 0 && n1 + n2 <= EXACT_LIMIT ? 'exact' : 'asymptotic') : requested
  const u = Math.max(u1, u2)
  if (method === 'exact') {
    const distribution = mannWhitneyNullDistribution(n1, n2)
    let upper = 0
    for (let k = Math.ceil(u); k < distribution.length; k++) upper += distribution[k] as number
    return { u1, u2, p: Math.min(1, 2 * upper), method }
  }
  const n = n1 + n2
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm(tieGroups) / (n * (n - 1))))
  if (sigma === 0) return { u1, u2, p: 1, method }
  const z = (u - (n1 * n2) / 2 - 0.5) / sigma
  return { u1, u2, p: Math.min(1, 2 * normalSurvival(z)), method }
}
