import type { ClaimCheck, ClaimStatus } from '@dyno/core'

/**
 * A seed's claim in the words every renderer uses: "compiled-once/compile-per-call nsPerOp
 * ratio ≤ 0.654", then what was measured. Ratios are of the metric's value (head/base), as the
 * claim states them, not of its goodness.
 */
export function formatClaimRange(check: ClaimCheck): string {
  const { min, max } = check.claim.ratio
  return [min !== undefined ? `≥ ${min.toPrecision(3)}` : '', max !== undefined ? `≤ ${max.toPrecision(3)}` : '']
    .filter(Boolean)
    .join(' and ')
}

/**
 * "measured 0.0612× [0.0598, 0.0627]". From a `--quick` run the figure is marked provisional:
 * quick budgets shrink the work (the sync moves 2,000 rows, not 100,000), so fixed costs weigh
 * more and a seed's claim about the full job can look contradicted when it is not.
 */
export function formatClaimMeasured(check: ClaimCheck, quick = false): string {
  if (check.measured === null) return 'not measured'
  const { estimate, low, high } = check.measured
  const interval = low !== null && high !== null ? ` [${low.toPrecision(3)}, ${high.toPrecision(3)}]` : ''
  return `measured ${estimate.toPrecision(3)}×${interval}${quick ? ` (${QUICK_CLAIM_NOTE})` : ''}`
}

export const QUICK_CLAIM_NOTE = 'quick run: provisional'

/** "not-confirmed" reads as "not confirmed" in prose. */
export function claimStatusText(status: ClaimStatus): string {
  return status.replace('-', ' ')
}

export const CLAIM_SYMBOL: Record<ClaimStatus, string> = {
  confirmed: '✓',
  'not-confirmed': '?',
  contradicted: '✗',
  'not-measured': '–',
}

/** A claim with the scenario it belongs to, for renderers that list claims across scenarios. */
export interface ClaimRow {
  scenarioId: string
  baselineVariant: string
  check: ClaimCheck
  /** Measured by a `--quick` run: provisional. */
  quick: boolean
}

export function claimRows(
  results: readonly {
    scenario: { id: string; baselineVariant: string }
    claims: readonly ClaimCheck[]
    session: { quick: boolean }
  }[],
): ClaimRow[] {
  return results.flatMap((r) =>
    r.claims.map((check) => ({ scenarioId: r.scenario.id, baselineVariant: r.scenario.baselineVariant, check, quick: r.session.quick })),
  )
}
