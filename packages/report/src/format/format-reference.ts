import type { ReferenceFraction } from '@dyno/core'

/** Two decimals where a fraction of a ceiling usually lies; significant digits for the very small or large. */
function fractionText(value: number): string {
  const magnitude = Math.abs(value)
  if (magnitude >= 100) return value.toFixed(0)
  if (magnitude >= 0.1) return value.toFixed(2)
  return value.toPrecision(2)
}

/** "0.71×", the estimate alone. */
export function formatFractionEstimate(fraction: ReferenceFraction): string {
  return `${fractionText(fraction.estimate)}×`
}

/** "[0.69, 0.73]", or "–" when too few rounds were paired for an interval. */
export function formatFractionInterval(fraction: ReferenceFraction): string {
  return fraction.low !== null && fraction.high !== null ? `[${fractionText(fraction.low)}, ${fractionText(fraction.high)}]` : '–'
}

/**
 * A variant against the scenario's reference variant in the words every renderer uses:
 * "phase2 throughputRps = 0.71× [0.69, 0.73] of node-http-ceiling".
 */
export function formatReferenceFraction(fraction: ReferenceFraction): string {
  const interval = fraction.low !== null && fraction.high !== null ? ` ${formatFractionInterval(fraction)}` : ''
  return `${fraction.variant} ${fraction.metric} = ${formatFractionEstimate(fraction)}${interval} of ${fraction.reference}`
}
