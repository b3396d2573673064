import type { Comparison } from '../src/compare/comparison.js'

/**
 * A complete Comparison for tests of what reads one (the gate, claim checks): before vs after
 * in one run, 10 paired rounds, no change. A test overrides only the fields it is about, so
 * what it tests stays visible instead of buried in twenty literal fields.
 */
export function exampleComparison(overrides: Partial<Comparison> = {}): Comparison {
  return {
    scenarioId: 's/x',
    metric: { name: 'm', unit: 'ms', better: 'lower', gated: true, threshold: 0.05 },
    base: { label: 'run', variant: 'before', runId: 'r', n: 10, median: 1 },
    head: { label: 'run', variant: 'after', runId: 'r', n: 10, median: 1 },
    pairing: 'paired-rounds',
    pairs: 10,
    scale: 'log-ratio',
    method: 'test',
    ratio: { estimate: 1, low: 0.9, high: 1.1, level: 0.99 },
    p: 0.5,
    pAdjusted: 0.5,
    alpha: 0.01,
    verdict: 'equivalent',
    minDetectableChange: 0.1,
    moreSamplesNeeded: null,
    reason: 'test',
    warnings: [],
    ...overrides,
  }
}
