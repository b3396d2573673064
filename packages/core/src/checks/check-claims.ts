import type { Comparison } from '../compare/comparison.js'
import type { Claim, ClaimStatus } from '../scenario/claim.js'
import type { ClaimCheck } from '../schema/result-file.js'

/**
 * Holds a seed's claim up against the measured ratio (variant vs baseline):
 * - confirmed: the estimate lies inside the claimed range;
 * - contradicted: the whole confidence interval lies outside it;
 * - not-confirmed: in between (the estimate is outside, but the interval still reaches in).
 */
export function checkClaim(claim: Claim, comparison: Comparison | undefined): ClaimCheck {
  const raw = comparison?.ratio.estimate ?? null
  if (comparison === undefined || raw === null || !Number.isFinite(raw)) return { claim, measured: null, status: 'not-measured' }
  // A metric that can be zero is compared as a difference relative to the base median, which
  // can fall below 0 when the median round improved by more than the base median (a GC pause
  // that vanished); as a ratio of non-negative values the floor is 0, so a claim of "≤ 0.1×"
  // is held up against 0×, not against a meaningless negative factor.
  const floor = (value: number | null) => (value === null || comparison.scale !== 'difference' ? value : Math.max(0, value))
  const estimate = floor(raw) as number
  const low = floor(comparison.ratio.low)
  const high = floor(comparison.ratio.high)
  const min = claim.ratio.min ?? Number.NEGATIVE_INFINITY
  const max = claim.ratio.max ?? Number.POSITIVE_INFINITY
  let status: ClaimStatus
  if (estimate >= min && estimate <= max) status = 'confirmed'
  else if (low !== null && high !== null && (high < min || low > max)) status = 'contradicted'
  else status = 'not-confirmed'
  return { claim, measured: { estimate, low, high }, status }
}

export function checkClaims(claims: readonly Claim[], comparisons: readonly Comparison[], baseline: string): ClaimCheck[] {
  return claims.map((claim) =>
    checkClaim(
      claim,
      comparisons.find((c) => c.metric.name === claim.metric && c.head.variant === claim.variant && c.base.variant === baseline),
    ),
  )
}
