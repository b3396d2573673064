import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import { analysePaired, type RatioAnalysis } from '../stats/ratio-analysis.js'

/**
 * When to stop adding interleaved rounds. Re-testing after every round and stopping as soon
 * as a result is significant ("run until significant") inflates false alarms without bound
 * (Armitage, McPherson & Rowe 1969). This rule stops on two grounds only:
 *
 * 1. Precision (Kelley 2007, "accuracy in parameter estimation"): every gated ratio's
 *    interval at the verdict's level is narrower than ±threshold/2. Width depends on the
 *    noise, not on which way the estimate points, so stopping on it leaves the final test's
 *    error rate essentially untouched; and at that width any verdict is decided: a change
 *    of 0 lands inside the equivalence band, one of 2× the threshold outside it.
 * 2. An unmistakable effect: a far stricter interval (99.9%) already lies entirely beyond
 *    ±threshold. Under no change this needs a deviation of more than the threshold plus
 *    3.3 standard errors, so the many looks cost almost nothing (a Haybittle–Peto-style
 *    boundary, Haybittle 1971), and a 10× speed-up does not run 60 rounds to prove it.
 * Otherwise sampling goes on until the maximum rounds or the time budget; the verdict is
 * then computed once, on all rounds, at the usual level.
 */
export interface StoppingInput {
  base: readonly number[]
  head: readonly number[]
  metric: MetricSpec & MetricPolicy
}

export type StoppingReason = 'precise' | 'decided-early'

export interface StoppingDecision {
  stop: boolean
  reason: StoppingReason | null
}

const STRICT_LEVEL = 0.999

function scaledThreshold(analysis: RatioAnalysis, threshold: number): number {
  return analysis.scale === 'log-ratio' ? Math.log1p(threshold) : threshold
}

function badnessInterval(analysis: RatioAnalysis, better: MetricSpec['better']): [number, number] {
  const toScale = (r: number) => (analysis.scale === 'log-ratio' ? Math.log(r) : r - 1)
  const sign = better === 'lower' ? 1 : -1
  const a = sign * toScale(analysis.low)
  const b = sign * toScale(analysis.high)
  return a < b ? [a, b] : [b, a]
}

export type ComparisonState = 'precise' | 'clear-effect' | 'undecided'

export function comparisonState(input: StoppingInput, alpha: number): ComparisonState {
  const analysis = analysePaired(input.base, input.head, 1 - alpha)
  const threshold = scaledThreshold(analysis, input.metric.threshold)
  if (Number.isFinite(analysis.halfWidth) && analysis.halfWidth <= threshold / 2) return 'precise'
  const strict = analysePaired(input.base, input.head, STRICT_LEVEL)
  if (!Number.isFinite(strict.halfWidth)) return 'undecided'
  const [low, high] = badnessInterval(strict, input.metric.better)
  return low > threshold || high < -threshold ? 'clear-effect' : 'undecided'
}

export function stoppingDecision(inputs: readonly StoppingInput[], options: { alpha: number; minRounds: number }): StoppingDecision {
  const rounds = Math.min(...inputs.map((i) => Math.min(i.base.length, i.head.length)))
  if (inputs.length === 0) return { stop: false, reason: null }
  if (rounds < options.minRounds) return { stop: false, reason: null }
  const states = inputs.map((input) => comparisonState(input, options.alpha))
  if (states.some((s) => s === 'undecided')) return { stop: false, reason: null }
  return { stop: true, reason: states.every((s) => s === 'precise') ? 'precise' : 'decided-early' }
}
