import { describe, expect, it } from 'vitest'
import { exampleComparison } from '../../test-fixtures/example-comparison.js'
import type { Comparison } from '../compare/comparison.js'
import type { Claim } from '../scenario/claim.js'
import { checkClaim } from './check-claims.js'

const claim: Claim = { metric: 'm', variant: 'after', ratio: { max: 0.5 }, source: 'seed', text: 'halves m' }

function comparison(scale: Comparison['scale'], estimate: number, low: number, high: number): Comparison {
  const example = exampleComparison()
  return exampleComparison({
    metric: { ...example.metric, gated: false },
    head: { ...example.head, median: estimate },
    scale,
    ratio: { estimate, low, high, level: 0.99 },
    verdict: 'improved',
  })
}

describe('checkClaim', () => {
  it('confirms an estimate inside the range, contradicts an interval wholly outside it, and is unsure in between', () => {
    expect(checkClaim(claim, comparison('log-ratio', 0.4, 0.35, 0.45)).status).toBe('confirmed')
    expect(checkClaim(claim, comparison('log-ratio', 0.8, 0.7, 0.9)).status).toBe('contradicted')
    expect(checkClaim(claim, comparison('log-ratio', 0.6, 0.45, 0.75)).status).toBe('not-confirmed')
    expect(checkClaim(claim, undefined).status).toBe('not-measured')
  })

  it('never reports a negative factor for a metric compared as a difference', () => {
    const check = checkClaim(claim, comparison('difference', -2, -3, 0.2))
    expect(check.measured).toEqual({ estimate: 0, low: 0, high: 0.2 })
    expect(check.status).toBe('confirmed')
    // A log-ratio is always positive and passes through unchanged.
    expect(checkClaim(claim, comparison('log-ratio', 0.4, 0.35, 0.45)).measured).toEqual({ estimate: 0.4, low: 0.35, high: 0.45 })
  })
})
