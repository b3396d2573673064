import type { Comparison, Unit } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { formatChange, formatFactor } from './format-change.js'

function comparison(scale: Comparison['scale'], ratio: [number, number, number], baseMedian: number, unit: Unit = 'ms'): Comparison {
  const [estimate, low, high] = ratio
  return {
    scenarioId: 's/x',
    metric: { name: 'm', unit, better: 'lower', gated: false, threshold: 0.05 },
    base: { label: 'base', variant: 'before', runId: 'r', n: 10, median: baseMedian },
    head: { label: 'head', variant: 'after', runId: 'r', n: 10, median: baseMedian * estimate },
    pairing: 'paired-rounds',
    pairs: 10,
    scale,
    method: 'test',
    ratio: { estimate, low, high, level: 0.99 },
    p: 0.001,
    pAdjusted: 0.001,
    alpha: 0.01,
    verdict: 'improved',
    minDetectableChange: 0.02,
    moreSamplesNeeded: null,
    reason: 'test',
    warnings: [],
  }
}

describe('formatChange', () => {
  it('shows a ratio as a percentage change with its interval', () => {
    const c = comparison('log-ratio', [0.5, 0.45, 0.55], 10)
    expect(formatChange(c)).toBe('−50.0% [−55.0%, −45.0%]')
    expect(formatFactor(c)).toBe('2.00× better')
  })

  it('shows a difference in the metric’s unit, never as a change beyond −100%', () => {
    // A 0.5 ms median GC pause that fell by 2 ms on the median round: relative to the base
    // median that is 1 − 4 = −3, which as a percentage would read "−400%".
    const c = comparison('difference', [-3, -5, -1], 0.5)
    expect(formatChange(c)).toBe('−2 ms [−3 ms, −1 ms]')
    expect(formatFactor(c)).toBe('difference')
  })

  it('shows a difference of fractions in percentage points', () => {
    const c = comparison('difference', [2, 1.5, 3], 0.01, 'fraction')
    expect(formatChange(c)).toBe('+1 pp [+0.5 pp, +2 pp]')
  })

  it('says the interval is unbounded when the data cannot bound it', () => {
    const c = { ...comparison('difference', [1, 1, 1], 4), ratio: { estimate: 1.5, low: null, high: null, level: 0.99 } }
    expect(formatChange(c)).toBe('+2 ms [unbounded]')
  })
})
