import type { Comparison, Verdict } from '@dyno/core'

/**
 * One ordering for every renderer (terminal, Markdown, HTML): what needs attention first.
 * Regressions lead, worst first; then inconclusive, then improvements and equivalences.
 * Gated metrics come before informational ones of the same verdict.
 */
const RANK: Record<Verdict, number> = { regressed: 0, inconclusive: 1, improved: 2, equivalent: 3 }

/** How bad the change is, as a positive number for "worse" (log scale, direction-aware). */
export function severity(comparison: Comparison): number {
  const estimate = comparison.ratio.estimate
  if (estimate === null || estimate <= 0) return 0
  const log = Math.log(estimate)
  return comparison.metric.better === 'lower' ? log : -log
}

export function orderComparisons(comparisons: readonly Comparison[]): Comparison[] {
  return [...comparisons].sort((a, b) => {
    if (a.metric.gated !== b.metric.gated) return a.metric.gated ? -1 : 1
    const byVerdict = RANK[a.verdict] - RANK[b.verdict]
    if (byVerdict !== 0) return byVerdict
    return severity(b) - severity(a)
  })
}

export interface VerdictCounts {
  regressed: number
  inconclusive: number
  improved: number
  equivalent: number
}

export function countVerdicts(comparisons: readonly Comparison[]): VerdictCounts {
  const counts: VerdictCounts = { regressed: 0, inconclusive: 0, improved: 0, equivalent: 0 }
  for (const c of comparisons) counts[c.verdict]++
  return counts
}
