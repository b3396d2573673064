import type { Comparison, Verdict } from '@dyno/core'
import { formatValue } from './format-value.js'

/** "+12.3%", "−4.0%": the minus sign is U+2212 so columns of changes line up. */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–'
  const sign = fraction > 0 ? '+' : fraction < 0 ? '−' : '±'
  return `${sign}${Math.abs(fraction * 100).toFixed(digits)}%`
}

/** A signed figure in the metric's unit: "+1.2 ms", "−340 B", "+2.5 pp". */
function formatSigned(value: number, comparison: Comparison): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±'
  // A fraction's difference is in percentage points: "+2%" would read as a relative change.
  if (comparison.metric.unit === 'fraction') return `${sign}${Number((Math.abs(value) * 100).toPrecision(3))} pp`
  return `${sign}${formatValue(Math.abs(value), comparison.metric.unit)}`
}

/**
 * A metric that can be zero (GC pause, error rate) is compared as a difference, kept relative
 * to the base median so the threshold means the same; as a percentage that reads "−400%" when
 * a 0.5 ms pause falls by 2 ms, so it is shown in the metric's own unit instead.
 */
function formatDifference(comparison: Comparison): string {
  const { estimate, low, high } = comparison.ratio
  const scale = Math.abs(comparison.base.median)
  if (estimate === null || !Number.isFinite(estimate)) return '–'
  const shift = (r: number) => formatSigned((r - 1) * scale, comparison)
  const interval =
    low === null || high === null || !Number.isFinite(low) || !Number.isFinite(high) ? '[unbounded]' : `[${shift(low)}, ${shift(high)}]`
  return `${shift(estimate)} ${interval}`
}

/**
 * The change head/base − 1 with its interval, e.g. "−94.9% [−95.0%, −94.8%]"; for a metric
 * compared as a difference, the difference in its unit, e.g. "−2 ms [−3 ms, −1 ms]".
 */
export function formatChange(comparison: Comparison): string {
  if (comparison.scale === 'difference') return formatDifference(comparison)
  const { estimate, low, high } = comparison.ratio
  if (estimate === null) return '–'
  const interval = low === null || high === null ? '[unbounded]' : `[${formatPercent(low - 1)}, ${formatPercent(high - 1)}]`
  return `${formatPercent(estimate - 1)} ${interval}`
}

/** Speed-up or slow-down factor in words a reader checks at a glance: "19.6× faster". */
export function formatFactor(comparison: Comparison): string {
  const estimate = comparison.ratio.estimate
  // A difference has no factor: its base can be zero.
  if (comparison.scale === 'difference') return 'difference'
  if (estimate === null || estimate <= 0) return ''
  const goodness = comparison.metric.better === 'lower' ? 1 / estimate : estimate
  if (Math.abs(goodness - 1) < 0.005) return 'same'
  return goodness > 1 ? `${goodness.toPrecision(3)}× better` : `${(1 / goodness).toPrecision(3)}× worse`
}

export function formatDetectable(comparison: Comparison): string {
  return comparison.minDetectableChange === null ? 'none' : `±${(comparison.minDetectableChange * 100).toFixed(1)}%`
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–'
  if (p < 0.0001) return '<0.0001'
  return p.toPrecision(2)
}

export const VERDICT_SYMBOL: Record<Verdict, string> = {
  regressed: '✗',
  inconclusive: '?',
  equivalent: '=',
  improved: '✓',
}

/**
 * Which variants a row compares. Within a run that is "after vs before"; across runs it is
 * one variant in HEAD against itself in BASE, so its name is the subject (the run labels are
 * in the heading).
 */
export function formatSubject(comparison: Comparison): string {
  const { base, head } = comparison
  // Across runs or refs the same variant is compared with itself: its name says it all.
  if (head.variant === base.variant) return head.variant
  return `${head.variant} vs ${base.variant}`
}
