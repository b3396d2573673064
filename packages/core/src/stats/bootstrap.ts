import type { Random } from './prng.js'
import { quantileOfSorted } from './quantiles.js'

/**
 * Percentile bootstrap (Efron & Tibshirani 1993, ch. 13). It makes no assumption about the
 * shape of benchmark timings, which are skewed and often multi-modal; the price is that the
 * interval is only as good as the sample is representative, so it is used for descriptive
 * intervals (a variant's median) while verdicts use exact rank-based intervals.
 */
export interface Interval {
  low: number
  high: number
  level: number
}

export interface BootstrapOptions {
  random: Random
  iterations?: number
  level?: number
}

function resample(values: readonly number[], random: Random, into: number[]): number[] {
  const n = values.length
  for (let i = 0; i < n; i++) into[i] = values[Math.floor(random() * n)] as number
  return into
}

export function bootstrapInterval(
  values: readonly number[],
  statistic: (sample: readonly number[]) => number,
  options: BootstrapOptions,
): Interval {
  const iterations = options.iterations ?? 2000
  const level = options.level ?? 0.95
  if (values.length === 0) return { low: Number.NaN, high: Number.NaN, level }
  const estimates: number[] = new Array(iterations)
  const buffer: number[] = new Array(values.length)
  for (let i = 0; i < iterations; i++) estimates[i] = statistic(resample(values, options.random, buffer))
  estimates.sort((a, b) => a - b)
  const alpha = 1 - level
  return { low: quantileOfSorted(estimates, alpha / 2), high: quantileOfSorted(estimates, 1 - alpha / 2), level }
}

/** Two-sample percentile bootstrap of a statistic of (x, y), resampling each side independently. */
export function bootstrapTwoSampleInterval(
  x: readonly number[],
  y: readonly number[],
  statistic: (x: readonly number[], y: readonly number[]) => number,
  options: BootstrapOptions,
): Interval {
  const iterations = options.iterations ?? 2000
  const level = options.level ?? 0.95
  if (x.length === 0 || y.length === 0) return { low: Number.NaN, high: Number.NaN, level }
  const estimates: number[] = new Array(iterations)
  const bx: number[] = new Array(x.length)
  const by: number[] = new Array(y.length)
  for (let i = 0; i < iterations; i++) {
    estimates[i] = statistic(resample(x, options.random, bx), resample(y, options.random, by))
  }
  estimates.sort((a, b) => a - b)
  const alpha = 1 - level
  return { low: quantileOfSorted(estimates, alpha / 2), high: quantileOfSorted(estimates, 1 - alpha / 2), level }
}
