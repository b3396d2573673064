import type { ResultFile } from '../schema/result-file.js'
import { analysePaired } from '../stats/ratio-analysis.js'
import { pairedValues } from './paired-inputs.js'

/**
 * A variant's figure as a fraction of a reference variant measured in the same run: "the
 * account service reaches 0.31 [0.30, 0.32] of the bare node:http ceiling". The reference ran
 * in the same interleaved rounds under the same load, so the rounds are paired exactly as for a
 * verdict: the estimate is the Hodges–Lehmann centre of the per-round log-ratios, with its
 * 95% interval (Wilcoxon signed-rank), not a ratio of two medians taken apart.
 */
export interface ReferenceFraction {
  scenarioId: string
  variant: string
  reference: string
  metric: string
  /** Rounds in which both completed. */
  pairs: number
  estimate: number
  low: number | null
  high: number | null
  level: number
  method: string
}

export interface ReferenceFractionOptions {
  variant: string
  reference: string
  /** Default 'throughputRps'. */
  metric?: string
}

/** null when either variant is missing, did not complete, or no round has both figures. */
export function referenceFraction(
  result: Pick<ResultFile, 'scenario' | 'variants'>,
  options: ReferenceFractionOptions,
): ReferenceFraction | null {
  const metric = options.metric ?? 'throughputRps'
  const variant = result.variants.find((v) => v.name === options.variant)
  const reference = result.variants.find((v) => v.name === options.reference)
  if (variant === undefined || reference === undefined || variant.status !== 'completed' || reference.status !== 'completed') return null
  const pairs = pairedValues(reference, variant, metric)
  if (pairs.base.length === 0) return null
  const analysis = analysePaired(pairs.base, pairs.head)
  if (!Number.isFinite(analysis.estimate)) return null
  const bounded = Number.isFinite(analysis.low) && Number.isFinite(analysis.high)
  return {
    scenarioId: result.scenario.id,
    variant: options.variant,
    reference: options.reference,
    metric,
    pairs: pairs.base.length,
    estimate: analysis.estimate,
    low: bounded ? analysis.low : null,
    high: bounded ? analysis.high : null,
    level: analysis.level,
    method: analysis.method,
  }
}

/**
 * What a result records for a scenario with a reference variant: every other completed
 * variant (the baseline too) on the headline metric, the first the scenario reports (the
 * runner's primary one), as a fraction of the reference. Empty when the scenario has no
 * reference or no variant could be paired with it.
 */
export function headlineReferenceFractions(result: Pick<ResultFile, 'scenario' | 'variants'>): ReferenceFraction[] {
  const reference = result.scenario.referenceVariant
  const headline = result.scenario.metrics[0]
  if (reference === undefined || headline === undefined) return []
  return result.variants.flatMap((v) => {
    if (v.name === reference) return []
    const fraction = referenceFraction(result, { variant: v.name, reference, metric: headline.name })
    return fraction === null ? [] : [fraction]
  })
}
