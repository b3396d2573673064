import { bootstrapInterval, type Interval } from './bootstrap.js'
import type { Random } from './prng.js'
import { mean, medianAbsoluteDeviation, quantileOfSorted, sortedCopy } from './quantiles.js'

/**
 * What a result file says about one metric of one variant. The median and quantiles lead
 * because timings are skewed (a few slow rounds drag the mean); the mean is kept for totals.
 */
export interface Summary {
  n: number
  min: number
  max: number
  mean: number
  median: number
  q1: number
  q3: number
  p5: number
  p95: number
  /** Median absolute deviation from the median (unscaled). */
  mad: number
  /** mad / |median|: the noise figure that stays comparable across metrics. */
  relativeMad: number | null
  /** 95% percentile-bootstrap interval of the median; null with fewer than 3 samples. */
  medianCi: Interval | null
}

export function summarize(values: readonly number[], random: Random): Summary {
  const sorted = sortedCopy(values)
  const n = sorted.length
  const median = quantileOfSorted(sorted, 0.5)
  const mad = medianAbsoluteDeviation(sorted)
  return {
    n,
    min: n > 0 ? (sorted[0] as number) : Number.NaN,
    max: n > 0 ? (sorted[n - 1] as number) : Number.NaN,
    mean: mean(sorted),
    median,
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
    p5: quantileOfSorted(sorted, 0.05),
    p95: quantileOfSorted(sorted, 0.95),
    mad,
    relativeMad: median !== 0 && Number.isFinite(median) ? mad / Math.abs(median) : null,
    medianCi: n >= 3 ? bootstrapInterval(sorted, (s) => quantileOfSorted(sortedCopy(s), 0.5), { random }) : null,
  }
}
