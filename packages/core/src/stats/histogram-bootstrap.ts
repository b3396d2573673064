import type { Interval } from './bootstrap.js'
import type { Random } from './prng.js'
import { quantileOfSorted } from './quantiles.js'

/**
 * Figures of pooled latency samples, and percentile-bootstrap intervals for them, where each
 * sample is a whole histogram with its counters: a time window of a round (the within-round
 * interval) or a whole round (the between-round, "cluster" interval of a variant's pooled
 * figures; Davison & Hinkley 1997, §3.8, resample the top-level units and keep each intact).
 *
 * A resample merges the chosen histograms by adding counts and reads percentiles off the sum,
 * the same way the point estimate is read, so no percentile is ever averaged. Throughput and
 * rates are ratios of summed counts, never means of per-sample ratios.
 */
export interface CountedSample {
  /** Bucket index → count, in the bucket layout shared by all samples. */
  indexes: Int32Array
  counts: Float64Array
  ok: number
  errors: number
  durationMs: number
  scheduled: number
  dropped: number
  late: number
}

export const LATENCY_PERCENTILES = [
  ['p50LatencyUs', 50],
  ['p95LatencyUs', 95],
  ['p99LatencyUs', 99],
] as const

export interface PoolOptions {
  /** Bucket index → the value HdrHistogram reports for it (µs). */
  bucketValue: (index: number) => number
  /** Include droppedRate and lateRate (open model). */
  openModel: boolean
}

interface DenseLayout {
  values: Float64Array
  dense: Float64Array[]
}

function layout(samples: readonly CountedSample[], bucketValue: (index: number) => number): DenseLayout {
  const all = new Set<number>()
  for (const sample of samples) for (const index of sample.indexes) all.add(index)
  const sortedIndexes = Int32Array.from(all).sort()
  const position = new Map<number, number>()
  for (let i = 0; i < sortedIndexes.length; i++) position.set(sortedIndexes[i] as number, i)
  const values = Float64Array.from(sortedIndexes, (index) => bucketValue(index))
  const dense = samples.map((sample) => {
    const row = new Float64Array(sortedIndexes.length)
    for (let i = 0; i < sample.indexes.length; i++) row[position.get(sample.indexes[i] as number) as number] = sample.counts[i] as number
    return row
  })
  return { values, dense }
}

/** HdrHistogram's percentile rule: the value of the first bucket whose cumulative count reaches ⌈p·N⌉. */
function percentilesOf(total: Float64Array, values: Float64Array, count: number, out: Record<string, number>): void {
  let cumulative = 0
  let k = 0
  const targets = LATENCY_PERCENTILES.map(([, p]) => Math.max(1, Math.ceil((p / 100) * count - 1e-9)))
  for (let i = 0; i < total.length && k < targets.length; i++) {
    cumulative += total[i] as number
    while (k < targets.length && cumulative >= (targets[k] as number)) {
      out[(LATENCY_PERCENTILES[k] as (typeof LATENCY_PERCENTILES)[number])[0]] = values[i] as number
      k++
    }
  }
}

function figures(
  pick: readonly number[],
  samples: readonly CountedSample[],
  grid: DenseLayout,
  openModel: boolean,
  total: Float64Array,
): Record<string, number> {
  total.fill(0)
  let ok = 0
  let errors = 0
  let durationMs = 0
  let scheduled = 0
  let dropped = 0
  let late = 0
  for (const j of pick) {
    const row = grid.dense[j] as Float64Array
    for (let i = 0; i < row.length; i++) total[i] = (total[i] as number) + (row[i] as number)
    const sample = samples[j] as CountedSample
    ok += sample.ok
    errors += sample.errors
    durationMs += sample.durationMs
    scheduled += sample.scheduled
    dropped += sample.dropped
    late += sample.late
  }
  const out: Record<string, number> = {
    throughputRps: durationMs > 0 ? ok / (durationMs / 1000) : 0,
    errorRate: ok + errors > 0 ? errors / (ok + errors) : 0,
  }
  if (openModel) {
    out.droppedRate = scheduled > 0 ? dropped / scheduled : 0
    out.lateRate = scheduled > 0 ? late / scheduled : 0
  }
  if (ok > 0) percentilesOf(total, grid.values, ok, out)
  return out
}

/** The figures of all samples merged. */
export function poolSamples(samples: readonly CountedSample[], options: PoolOptions): Record<string, number> {
  const grid = layout(samples, options.bucketValue)
  return figures(
    samples.map((_, i) => i),
    samples,
    grid,
    options.openModel,
    new Float64Array(grid.values.length),
  )
}

/**
 * Percentile-bootstrap intervals of the pooled figures, resampling whole samples with
 * replacement. Needs at least 3 samples; with fewer, no interval is honest.
 */
export function bootstrapSamples(
  samples: readonly CountedSample[],
  options: PoolOptions & { random: Random; iterations?: number; level?: number },
): Record<string, Interval> {
  const n = samples.length
  if (n < 3) return {}
  const iterations = options.iterations ?? 1000
  const level = options.level ?? 0.95
  const grid = layout(samples, options.bucketValue)
  const total = new Float64Array(grid.values.length)
  const pick: number[] = new Array(n)
  const estimates = new Map<string, number[]>()
  for (let b = 0; b < iterations; b++) {
    for (let i = 0; i < n; i++) pick[i] = Math.floor(options.random() * n)
    for (const [name, value] of Object.entries(figures(pick, samples, grid, options.openModel, total))) {
      const list = estimates.get(name)
      if (list === undefined) estimates.set(name, [value])
      else list.push(value)
    }
  }
  const alpha = 1 - level
  const intervals: Record<string, Interval> = {}
  for (const [name, list] of estimates) {
    // A figure missing from some resamples (no success at all in them) has no honest interval.
    if (list.length < iterations) continue
    list.sort((a, b) => a - b)
    intervals[name] = { low: quantileOfSorted(list, alpha / 2), high: quantileOfSorted(list, 1 - alpha / 2), level }
  }
  return intervals
}
