import { describe, expect, it } from 'vitest'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import type { RatioAnalysis } from '../stats/ratio-analysis.js'
import { decideVerdict, detectableChange } from './decide-verdict.js'

const metric: MetricSpec & MetricPolicy = { name: 'nsPerOp', unit: 'ns', better: 'lower', gated: true, threshold: 0.05 }

function analysis(estimate: number, halfWidthLog: number, p: number): RatioAnalysis {
  const center = Math.log(estimate)
  return {
    scale: 'log-ratio',
    method: 'test',
    estimate,
    low: Math.exp(center - halfWidthLog),
    high: Math.exp(center + halfWidthLog),
    level: 0.99,
    p,
    halfWidth: halfWidthLog,
  }
}

describe('detectableChange', () => {
  it('scales the interval half-width from the test level to 80% power', () => {
    // z(0.995) = 2.5758, z(0.8) = 0.8416: detectable = exp(h · 3.4174 / 2.5758) − 1
    expect(detectableChange(analysis(1, 0.02, 1), 0.01)).toBeCloseTo(Math.expm1(0.02 * (3.417429 / 2.575829)), 6)
    expect(detectableChange({ ...analysis(1, 0.02, 1), halfWidth: Number.POSITIVE_INFINITY }, 0.01)).toBeNull()
  })
})

describe('decideVerdict', () => {
  it('does not pass a gate silently when the run could not have seen a threshold-sized change', () => {
    // The interval (±4.5%) lies inside ±5%, but the detectable change is ±6%.
    const decision = decideVerdict(analysis(1, Math.log(1.045), 0.9), metric, 0.9, 0.01, 10)
    expect(decision.verdict).toBe('inconclusive')
    expect(decision.reason).toMatch(/could only detect changes of ±6\.\d% or more/)
    expect(decision.moreSamplesNeeded).toBeGreaterThan(0)
  })

  it('calls a narrow interval inside the band equivalent', () => {
    expect(decideVerdict(analysis(1.01, 0.015, 0.3), metric, 0.3, 0.01, 20).verdict).toBe('equivalent')
  })

  it('requires the interval to exclude no change even when p says significant', () => {
    const decision = decideVerdict({ ...analysis(1.2, 0.3, 0.001), low: 0.9 }, metric, 0.001, 0.01, 10)
    expect(decision.verdict).not.toBe('regressed')
  })
})
