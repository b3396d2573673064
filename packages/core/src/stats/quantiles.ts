/**
 * Quantiles by linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of R and numpy), so figures can be checked against either.
 */
export function sortedCopy(values: readonly number[]): number[] {
  // Float64Array sorts numerically and fast; the copy keeps the caller's array untouched.
  return Array.from(Float64Array.from(values).sort())
}

export function quantileOfSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  if (q <= 0) return sorted[0] as number
  if (q >= 1) return sorted[n - 1] as number
  const h = (n - 1) * q
  const lo = Math.floor(h)
  const a = sorted[lo] as number
  const b = sorted[Math.min(lo + 1, n - 1)] as number
  return a + (h - lo) * (b - a)
}

export function quantile(values: readonly number[], q: number): number {
  return quantileOfSorted(sortedCopy(values), q)
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

/** Median absolute deviation from the median (unscaled). */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const m = median(values)
  return median(values.map((v) => Math.abs(v - m)))
}
