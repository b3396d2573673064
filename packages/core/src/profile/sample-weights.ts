import type { CpuProfile } from './cpu-profile.js'

/**
 * How much time and how many samples each node of a CPU profile holds as the top of the stack.
 *
 * Each sample is weighted by the interval that ends at it (`timeDeltas[i]`), so the weights add
 * up to the profiled span. The sampler's interval is not constant: on a busy machine V8's
 * sampling thread wakes late and an interval can be several times the nominal one, so weighting
 * by the interval keeps the milliseconds honest where counting samples alone would not.
 * Negative deltas (V8 emits a few when its clock sources disagree) count as zero. The first
 * delta is not an interval between samples but the time from `Profiler.start` to the first
 * sample, which includes the profiler's own start-up (10 ms and more on a busy machine); it is
 * replaced by the median interval, so it does not inflate whatever ran first.
 *
 * A profile without `samples` (some tools keep only `hitCount`) falls back to the hit counts,
 * spread evenly over the span.
 */
export interface NodeWeights {
  samples: Map<number, number>
  micros: Map<number, number>
  totalSamples: number
  totalMicros: number
}

/** The profile's sample intervals, the first replaced by the median of the others. */
export function sampleIntervals(profile: CpuProfile): number[] {
  const deltas = (profile.timeDeltas ?? []).map((d) => Math.max(0, d))
  if (deltas.length > 1) {
    const rest = deltas.slice(1).sort((a, b) => a - b)
    deltas[0] = rest[rest.length >> 1] as number
  }
  return deltas
}

export function nodeWeights(profile: CpuProfile): NodeWeights {
  const samples = new Map<number, number>()
  const micros = new Map<number, number>()
  let totalSamples = 0
  let totalMicros = 0
  if (profile.samples !== undefined && profile.timeDeltas !== undefined && profile.samples.length > 0) {
    const intervals = sampleIntervals(profile)
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i] as number
      const delta = intervals[i] ?? 0
      samples.set(id, (samples.get(id) ?? 0) + 1)
      micros.set(id, (micros.get(id) ?? 0) + delta)
      totalSamples++
      totalMicros += delta
    }
    return { samples, micros, totalSamples, totalMicros }
  }
  for (const node of profile.nodes) totalSamples += node.hitCount ?? 0
  const span = Math.max(0, profile.endTime - profile.startTime)
  const perSample = totalSamples > 0 ? span / totalSamples : 0
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    if (hits === 0) continue
    samples.set(node.id, hits)
    micros.set(node.id, hits * perSample)
    totalMicros += hits * perSample
  }
  return { samples, micros, totalSamples, totalMicros }
}
