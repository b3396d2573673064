import type { RankTestMethod } from './mann-whitney.js'
import { normalSurvival } from './normal.js'
import { rankWithTies, tieTerm } from './ranks.js'

/**
 * Wilcoxon signed-rank test, two-sided (Wilcoxon 1945), for paired differences such as the
 * per-round log-ratios of two interleaved variants. Zero differences are dropped (Wilcoxon's
 * own convention, scipy's zero_method='wilcox'). For n ≤ 100 the exact permutation
 * distribution is used, conditional on the tie pattern (mid-ranks doubled to integers), so
 * small samples with tied values — common with coarse timers — are not judged by a normal
 * approximation that over-claims. Beyond that: the normal approximation with tie correction
 * and a continuity correction of ½.
 */
export interface SignedRankResult {
  /** Sum of the ranks of the positive differences. */
  wPlus: number
  /** Number of non-zero differences used. */
  n: number
  p: number
  method: RankTestMethod
}

const EXACT_LIMIT = 100

/** P(T = t) for t = 0..n(n+1)/2 where T is the sum of a random subset of {1..n}. */
export function signedRankNullDistribution(n: number): Float64Array {
  const max = (n * (n + 1)) / 2
  const counts = new Float64Array(max + 1)
  counts[0] = 1
  for (let k = 1; k <= n; k++) {
    for (let t = (k * (k + 1)) / 2; t >= k; t--) counts[t] = (counts[t] as number) + (counts[t - k] as number)
  }
  const total = 2 ** n
  return counts.map((c) => c / total)
}

/**
 * P(|T − E T| ≥ |observed − E T|) over all 2ⁿ sign assignments of the given (mid-)ranks.
 * Doubling makes mid-ranks integers, so the distribution is a subset-sum count.
 */
function exactTwoSidedP(ranks: readonly number[], wPlus: number): number {
  const doubled = ranks.map((r) => Math.round(r * 2))
  const total = doubled.reduce((a, b) => a + b, 0)
  const counts = new Float64Array(total + 1)
  counts[0] = 1
  let reach = 0
  for (const r of doubled) {
    reach += r
    for (let t = reach; t >= r; t--) counts[t] = (counts[t] as number) + (counts[t - r] as number)
  }
  const mean = total / 2
  const observed = Math.abs(Math.round(wPlus * 2) - mean)
  let tail = 0
  for (let t = 0; t <= total; t++) if (Math.abs(t - mean) >= observed - 1e-9) tail += counts[t] as number
  return Math.min(1, tail / 2 ** ranks.length)
}

export function wilcoxonSignedRank(differences: readonly number[], options: { method?: RankTestMethod | 'auto' } = {}): SignedRankResult {
  const nonZero = differences.filter((d) => d !== 0)
  const n = nonZero.length
  if (n === 0) return { wPlus: 0, n: 0, p: 1, method: 'exact' }
  const { ranks, tieGroups } = rankWithTies(nonZero.map(Math.abs))
  let wPlus = 0
  for (let i = 0; i < n; i++) if ((nonZero[i] as number) > 0) wPlus += ranks[i] as number
  const requested = options.method ?? 'auto'
  const method: RankTestMethod = requested === 'auto' ? (n <= EXACT_LIMIT ? 'exact' : 'asymptotic') : requested
  const meanT = (n * (n + 1)) / 4
  if (method === 'exact') return { wPlus, n, p: exactTwoSidedP(ranks, wPlus), method }
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm(tieGroups) / 48
  if (variance <= 0) return { wPlus, n, p: 1, method }
  const z = (Math.abs(wPlus - meanT) - 0.5) / Math.sqrt(variance)
  return { wPlus, n, p: Math.min(1, 2 * normalSurvival(Math.max(0, z))), method }
}
