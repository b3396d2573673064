import { describe, expect, it } from 'vitest'
import type { Comparison } from '../compare/comparison.js'
import type { Claim } from '../scenario/claim.js'
import { checkClaim } from './check-claims.js'

const claim: Claim = { metric: 'm', variant: 'after', ratio: { max: 0.5 }, source: 'seed', text: 'halves m' }

function comparison(scale: Comparison['scale'], estimate: number, low: number, high: number): Comparison {
  return {
    scenarioId: 's/x',
    metric: { name: 'm', unit: 'ms', better: 'lower', gated: false, threshold: 0.05 },
    base: { label: 'run', variant: 'before', runId: 'r', n: 10, median: 1 },
    head: { label: 'run', variant: 'after', runId: 'r', n: 10, median: estimate },
    pairing: 'paired-rounds',
    pairs: 10,
    scale,
    method: 'test',
    ratio: { estimate, low, high, level: 0.99 },
    p: 0.001,
    pAdjusted: 0.001,
    alpha: 0.01,
    verdict: 'improved',
    minDetectableChange: 0.1,
    moreSamplesNeeded: null,
    reason: 'test',
    warnings: [],
  }
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
