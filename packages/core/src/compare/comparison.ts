import type { Warning } from '../checks/warning.js'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'

export type Verdict = 'improved' | 'regressed' | 'equivalent' | 'inconclusive'

/**
 * head/base of a metric's value with its confidence interval. `low`/`high` are null when the
 * data cannot bound the ratio at all (too few rounds).
 */
export interface RatioEstimate {
  /** null when no ratio exists (e.g. the base median is zero). */
  estimate: number | null
  low: number | null
  high: number | null
  level: number
}

/** One side of a comparison: which variant of which run, and how much data it brought. */
export interface ComparedSide {
  label: string
  variant: string
  runId: string
  n: number
  median: number
}

export type Pairing = 'paired-rounds' | 'independent'

/**
 * The verdict on one metric between two sets of samples. Every field is derived from raw
 * samples in the result files, so any verdict can be recomputed and audited.
 */
export interface Comparison {
  scenarioId: string
  metric: MetricSpec & MetricPolicy
  base: ComparedSide
  head: ComparedSide
  pairing: Pairing
  /** Number of rounds where both sides completed (paired analysis only). */
  pairs: number | null
  /** 'log-ratio' when every value is positive; 'difference' otherwise (ratios of zeros are undefined). */
  scale: 'log-ratio' | 'difference'
  method: string
  ratio: RatioEstimate
  /** Two-sided p-value of the rank test, and after Holm adjustment across the suite. */
  p: number
  pAdjusted: number
  alpha: number
  verdict: Verdict
  /** Smallest relative change this run could detect with 80% power; null when it cannot detect any. */
  minDetectableChange: number | null
  /** For an inconclusive verdict: roughly how many more rounds per side would likely decide it. */
  moreSamplesNeeded: number | null
  /** One sentence: why this verdict. */
  reason: string
  warnings: Warning[]
}
