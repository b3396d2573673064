import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'

/**
 * A scenario's reference variant (`reference: true`, e.g. a bare node:http server) is a
 * yardstick, not a contender: its comparisons are reported but informational. They never fail
 * the gate, are not counted in the gate's tally, form no part of the gated Holm family, and do
 * not keep an adaptive session sampling. Between two runs or refs its code is the same, so a
 * "regression" there says the machine changed, not the code.
 */
export function comparedMetric<M extends MetricSpec & MetricPolicy>(metric: M, variant: string, referenceVariant: string | undefined): M {
  return variant === referenceVariant && metric.gated ? { ...metric, gated: false } : metric
}

/** How many variants are judged against the baseline with gated metrics: all but the baseline and the reference. */
export function contenderCount(variantNames: readonly string[], referenceVariant: string | undefined): number {
  const reference = referenceVariant !== undefined && variantNames.includes(referenceVariant) ? 1 : 0
  return Math.max(0, variantNames.length - 1 - reference)
}
