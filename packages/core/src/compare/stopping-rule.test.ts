import { describe, expect, it } from 'vitest'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import { createRandom, type Random } from '../stats/prng.js'
import { compareSamples, DEFAULT_ALPHA } from './compare-samples.js'
import { stoppingDecision } from './stopping-rule.js'

const metric: MetricSpec & MetricPolicy = { name: 'nsPerOp', unit: 'ns', better: 'lower', gated: true, threshold: 0.05 }

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/**
 * One simulated session: rounds with a shared per-round machine factor (drift the pairing
 * removes) and independent per-variant noise; sampling stops by the rule or at maxRounds.
 */
function session(random: Random, trueRatio: number, noise: number, options = { minRounds: 8, maxRounds: 60 }) {
  const base: number[] = []
  const head: number[] = []
  for (let r = 0; r < options.maxRounds; r++) {
    const machine = Math.exp(0.2 * gaussian(random))
    base.push(1000 * machine * Math.exp(noise * gaussian(random)))
    head.push(1000 * trueRatio * machine * Math.exp(noise * gaussian(random)))
    const decision = stoppingDecision([{ base, head, metric }], { alpha: DEFAULT_ALPHA, minRounds: options.minRounds })
    if (decision.stop) break
  }
  const verdict = compareSamples({
    scenarioId: 's/x',
    metric,
    pairing: 'paired-rounds',
    base: { label: 'a', variant: 'a', runId: 'r', values: base },
    head: { label: 'b', variant: 'b', runId: 'r', values: head },
  }).verdict
  return { rounds: base.length, verdict }
}

describe('stoppingDecision', () => {
  it('never stops before the minimum number of rounds', () => {
    const base = [1, 1, 1, 1, 1]
    expect(stoppingDecision([{ base, head: base.map((v) => v * 3), metric }], { alpha: 0.01, minRounds: 8 }).stop).toBe(false)
  })

  it('stops early when a large effect is unmistakable (the 99.9% interval needs 11 pairs to exist)', () => {
    const random = createRandom(1)
    const result = session(random, 2, 0.1)
    expect(result.rounds).toBe(11)
    expect(result.verdict).toBe('regressed')
  })

  it('stops on precision for quiet A/A data and calls it equivalent', () => {
    const random = createRandom(2)
    const result = session(random, 1, 0.01)
    expect(result.rounds).toBeLessThan(20)
    expect(result.verdict).toBe('equivalent')
  })

  it('keeps sampling while noisy data cannot decide, up to the maximum', () => {
    const random = createRandom(3)
    expect(session(random, 1.05, 0.15).rounds).toBe(60)
  })

  it('does not raise false regressions above α/2 on A/A noise, however often it looks (1,000 simulated sessions)', () => {
    const random = createRandom(4)
    let falseRegressions = 0
    let falseImprovements = 0
    const sessions = 1000
    for (let i = 0; i < sessions; i++) {
      // Noise levels from quiet (1%) to far wider than the threshold (25%).
      const { verdict } = session(random, 1, [0.01, 0.03, 0.08, 0.25][i % 4] as number)
      if (verdict === 'regressed') falseRegressions++
      if (verdict === 'improved') falseImprovements++
    }
    expect(falseRegressions / sessions).toBeLessThanOrEqual(DEFAULT_ALPHA / 2)
    expect(falseImprovements / sessions).toBeLessThanOrEqual(DEFAULT_ALPHA / 2)
  })

  it('catches a 10% slowdown in at least 95% of sessions at 3% per-round noise', () => {
    const random = createRandom(5)
    let caught = 0
    for (let i = 0; i < 300; i++) if (session(random, 1.1, 0.03).verdict === 'regressed') caught++
    expect(caught / 300).toBeGreaterThanOrEqual(0.95)
  })
})
