import type { Warning } from '../checks/warning.js'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import { holmAdjust } from '../stats/holm.js'
import { median } from '../stats/quantiles.js'
import { analyseIndependent, analysePaired, type RatioAnalysis } from '../stats/ratio-analysis.js'
import type { ComparedSide, Comparison, Pairing } from './comparison.js'
import { decideVerdict } from './decide-verdict.js'
import { driftWarning } from './drift-check.js'

/**
 * Two-sided significance level of every verdict. 0.01 rather than benchstat's 0.05: a
 * regression also needs its interval to exclude no change, so the one-sided false-alarm rate
 * per gated comparison is at most 0.5% before Holm — what a CI gate on a shared machine can
 * afford. Intervals are reported at the matching 99% level.
 */
export const DEFAULT_ALPHA = 0.01

export interface SampleSide {
  label: string
  variant: string
  runId: string
  values: readonly number[]
}

export interface CompareSamplesInput {
  scenarioId: string
  metric: MetricSpec & MetricPolicy
  base: SampleSide
  head: SampleSide
  pairing: Pairing
  alpha?: number
  warnings?: Warning[]
}

function side(input: SampleSide): ComparedSide {
  return { label: input.label, variant: input.variant, runId: input.runId, n: input.values.length, median: median(input.values) }
}

function toComparison(input: CompareSamplesInput, analysis: RatioAnalysis, pAdjusted: number): Comparison {
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const samples = Math.min(input.base.values.length, input.head.values.length)
  const decision = decideVerdict(analysis, input.metric, pAdjusted, alpha, samples)
  const bounded = Number.isFinite(analysis.low) && Number.isFinite(analysis.high)
  return {
    scenarioId: input.scenarioId,
    metric: input.metric,
    base: side(input.base),
    head: side(input.head),
    pairing: input.pairing,
    pairs: input.pairing === 'paired-rounds' ? input.base.values.length : null,
    scale: analysis.scale,
    method: analysis.method,
    ratio: {
      estimate: Number.isFinite(analysis.estimate) ? analysis.estimate : null,
      low: bounded ? analysis.low : null,
      high: bounded ? analysis.high : null,
      level: analysis.level,
    },
    p: analysis.p,
    pAdjusted,
    alpha,
    verdict: decision.verdict,
    minDetectableChange: decision.minDetectableChange,
    moreSamplesNeeded: decision.moreSamplesNeeded,
    reason: decision.reason,
    warnings: withDrift(input),
  }
}

function analyse(input: CompareSamplesInput): RatioAnalysis {
  const level = 1 - (input.alpha ?? DEFAULT_ALPHA)
  return input.pairing === 'paired-rounds'
    ? analysePaired(input.base.values, input.head.values, level)
    : analyseIndependent(input.base.values, input.head.values, level)
}

function withDrift(input: CompareSamplesInput): Warning[] {
  const warnings = [...(input.warnings ?? [])]
  if (input.pairing === 'paired-rounds') {
    const drift = driftWarning(input.base.values, input.head.values, input.metric, `${input.head.label} vs ${input.base.label}`)
    if (drift !== null) warnings.push(drift)
  }
  return warnings
}

/** One metric, one pair of sample sets, no multiplicity adjustment. */
export function compareSamples(input: CompareSamplesInput): Comparison {
  const analysis = analyse(input)
  return toComparison(input, analysis, analysis.p)
}

/**
 * A family of comparisons judged together. Gated comparisons form one Holm family (they can
 * fail the build, so their family-wise false-alarm rate is what matters); informational
 * metrics form a second family, so adding a metric to a report never weakens the gate.
 */
export function compareFamily(inputs: readonly CompareSamplesInput[]): Comparison[] {
  const analyses = inputs.map(analyse)
  const adjusted: number[] = new Array(inputs.length)
  for (const gated of [true, false]) {
    const indexes = inputs.flatMap((input, i) => (input.metric.gated === gated ? [i] : []))
    const pAdjusted = holmAdjust(indexes.map((i) => (analyses[i] as RatioAnalysis).p))
    indexes.forEach((index, k) => {
      adjusted[index] = pAdjusted[k] as number
    })
  }
  return inputs.map((input, i) => toComparison(input, analyses[i] as RatioAnalysis, adjusted[i] as number))
}
