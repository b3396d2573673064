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
  const estimate = comparison?.ratio.estimate ?? null
  if (comparison === undefined || estimate === null) return { claim, measured: null, status: 'not-measured' }
  const { low, high } = comparison.ratio
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
