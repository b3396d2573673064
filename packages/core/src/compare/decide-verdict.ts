import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import { normalQuantile } from '../stats/normal.js'
import type { RatioAnalysis } from '../stats/ratio-analysis.js'
import type { Verdict } from './comparison.js'

/**
 * The four-way verdict (after asv and benchstat, with an equivalence band in the spirit of
 * TOST, Schuirmann 1987):
 * - regressed / improved: the rank test is significant (Holm-adjusted p < α) AND the
 *   estimated change is beyond the threshold. Significance alone is not enough: on a quiet
 *   machine a 0.5% shift is "significant" and harmless.
 * - equivalent: the whole confidence interval lies inside ±threshold.
 * - inconclusive: anything else; the reason says whether more rounds would settle it.
 */
export interface VerdictDecision {
  verdict: Verdict
  reason: string
  minDetectableChange: number | null
  /** Rough number of further samples (rounds) per side that would likely decide; null if none would. */
  moreSamplesNeeded: number | null
}

/** Power used for the detectable change: 80%, the usual design convention. */
const POWER = 0.8

function percent(fraction: number): string {
  const sign = fraction > 0 ? '+' : fraction < 0 ? '−' : '±'
  return `${sign}${Math.abs(fraction * 100).toFixed(1)}%`
}

/** Position of a ratio on the analysis scale: log for ratios, linear for relative differences. */
function position(ratio: number, scale: RatioAnalysis['scale']): number {
  return scale === 'log-ratio' ? Math.log(ratio) : ratio - 1
}

export function detectableChange(analysis: RatioAnalysis, alpha: number): number | null {
  if (!Number.isFinite(analysis.halfWidth)) return null
  const zAlpha = normalQuantile(1 - alpha / 2)
  const width = analysis.halfWidth * ((zAlpha + normalQuantile(POWER)) / zAlpha)
  return analysis.scale === 'log-ratio' ? Math.expm1(width) : width
}

export function decideVerdict(
  analysis: RatioAnalysis,
  metric: MetricSpec & MetricPolicy,
  pAdjusted: number,
  alpha: number,
  samples: number,
): VerdictDecision {
  const minDetectableChange = detectableChange(analysis, alpha)
  if (!Number.isFinite(analysis.estimate)) {
    return {
      verdict: 'inconclusive',
      reason: 'the base median is zero, so a relative change is undefined',
      minDetectableChange,
      moreSamplesNeeded: null,
    }
  }
  const sign = metric.better === 'lower' ? 1 : -1
  const threshold = analysis.scale === 'log-ratio' ? Math.log1p(metric.threshold) : metric.threshold
  const badness = sign * position(analysis.estimate, analysis.scale)
  const [badLow, badHigh] = [sign * position(analysis.low, analysis.scale), sign * position(analysis.high, analysis.scale)].sort(
    (a, b) => a - b,
  ) as [number, number]
  const change = `${percent(analysis.estimate - 1)} (${Math.round(analysis.level * 100)}% CI ${
    Number.isFinite(analysis.low) ? percent(analysis.low - 1) : '−∞'
  } to ${Number.isFinite(analysis.high) ? percent(analysis.high - 1) : '+∞'})`
  const band = `±${(metric.threshold * 100).toFixed(metric.threshold < 0.01 ? 1 : 0)}%`
  // The interval must also exclude "no change": with ties or very few rounds a rank test's
  // p-value and its inverted interval can disagree, and then the cautious one decides.
  const excludesNoChange = Number.isFinite(analysis.halfWidth) && (badLow > 0 || badHigh < 0)
  const significant = pAdjusted < alpha && excludesNoChange

  if (significant && badness > threshold) {
    return {
      verdict: 'regressed',
      reason: `${change}, p=${pAdjusted.toPrecision(2)}: worse beyond the ${band} threshold`,
      minDetectableChange,
      moreSamplesNeeded: null,
    }
  }
  if (significant && badness < -threshold) {
    return {
      verdict: 'improved',
      reason: `${change}, p=${pAdjusted.toPrecision(2)}: better beyond the ${band} threshold`,
      minDetectableChange,
      moreSamplesNeeded: null,
    }
  }
  if (badLow > -threshold && badHigh < threshold) {
    // "No change found" only counts if this run could have found one: a gate whose detectable
    // change exceeds its threshold must not pass silently.
    if (minDetectableChange !== null && minDetectableChange <= metric.threshold) {
      return { verdict: 'equivalent', reason: `${change}: the interval lies inside ${band}`, minDetectableChange, moreSamplesNeeded: null }
    }
    const needed =
      minDetectableChange === null ? null : Math.max(1, Math.ceil(samples * ((minDetectableChange / metric.threshold) ** 2 - 1)))
    return {
      verdict: 'inconclusive',
      reason: `${change}: inside ${band}, but this run could only detect changes of ±${((minDetectableChange ?? Number.NaN) * 100).toFixed(1)}% or more, wider than the threshold${needed === null ? '' : `; ≈${needed} more rounds would likely decide`}`,
      minDetectableChange,
      moreSamplesNeeded: needed,
    }
  }
  if (!Number.isFinite(analysis.halfWidth)) {
    return {
      verdict: 'inconclusive',
      reason: `${samples} samples cannot bound the change at this confidence level; run more rounds`,
      minDetectableChange,
      moreSamplesNeeded: Math.max(1, 6 - samples),
    }
  }
  // Which way is this most likely to resolve? An estimate inside the band needs an interval
  // narrower than the distance to the band's edge (equivalence); one outside needs an
  // interval that excludes no-change (significance). Interval width shrinks like 1/√n.
  const distance = Math.abs(badness) < threshold ? threshold - Math.abs(badness) : Math.abs(badness)
  const factor = distance > 0 ? (analysis.halfWidth / distance) ** 2 : Number.POSITIVE_INFINITY
  const moreSamplesNeeded = Number.isFinite(factor) && factor < 100 ? Math.max(1, Math.ceil(samples * factor - samples)) : null
  const what = significant
    ? `significant (p=${pAdjusted.toPrecision(2)}) but within the ${band} threshold, and the interval crosses it`
    : `not significant (p=${pAdjusted.toPrecision(2)}) and the interval is wider than ${band}`
  const more =
    moreSamplesNeeded === null ? 'more rounds are unlikely to settle it' : `≈${moreSamplesNeeded} more rounds would likely decide`
  return { verdict: 'inconclusive', reason: `${change}: ${what}; ${more}`, minDetectableChange, moreSamplesNeeded }
}
