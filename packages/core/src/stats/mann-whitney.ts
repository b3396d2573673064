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

/**
 * Exact permutation p-value conditional on ties: the distribution of the first sample's
 * rank sum over all C(n, n1) ways to pick its members, with mid-ranks doubled to integers.
 * Two-sided as P(|R − E R| ≥ |observed − E R|).
 */
function exactTiedTwoSidedP(ranks: readonly number[], n1: number, r1: number): number {
  const doubled = ranks.map((r) => Math.round(r * 2))
  const total = doubled.reduce((a, b) => a + b, 0)
  // ways[k][s]: number of k-subsets of the items seen so far with doubled rank sum s.
  const ways: Float64Array[] = Array.from({ length: n1 + 1 }, () => new Float64Array(total + 1))
  ;(ways[0] as Float64Array)[0] = 1
  for (const r of doubled) {
    for (let k = n1; k >= 1; k--) {
      const into = ways[k] as Float64Array
      const from = ways[k - 1] as Float64Array
      for (let s = total; s >= r; s--) into[s] = (into[s] as number) + (from[s - r] as number)
    }
  }
  const sums = ways[n1] as Float64Array
  let all = 0
  for (const c of sums) all += c
  const mean = (total * n1) / ranks.length
  const observed = Math.abs(Math.round(r1 * 2) - mean)
  let tail = 0
  for (let s = 0; s <= total; s++) if (Math.abs(s - mean) >= observed - 1e-9) tail += sums[s] as number
  return Math.min(1, tail / all)
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
  const method: RankTestMethod = requested === 'auto' ? (n1 + n2 <= EXACT_LIMIT ? 'exact' : 'asymptotic') : requested
  const u = Math.max(u1, u2)
  if (method === 'exact') {
    if (tieGroups.length > 0) return { u1, u2, p: exactTiedTwoSidedP(ranks, n1, r1), method }
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
