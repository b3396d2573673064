import { decodeFromCompressedBase64, encodeIntoCompressedBase64, Int32Histogram, JsHistogram } from 'hdr-histogram-js'

/**
 * Latency histograms in µs (HdrHistogram, Gil Tene; hdr-histogram-js). Three significant digits
 * keep every recorded value within 0.1% of the true one from 1 µs to an hour, in a few KB, and
 * histograms of the same configuration can be merged exactly by adding counts. That is why
 * dyno merges histograms and never averages percentiles: the p99 of two windows is not the
 * mean of their p99s, but it is the p99 of their merged histogram.
 */
const LOWEST_US = 1
/** Initial range (10 s); the histogram grows by itself for slower responses. */
const INITIAL_HIGHEST_US = 10_000_000
const SIGNIFICANT_DIGITS = 3

export type LatencyHistogram = JsHistogram

export function createLatencyHistogram(): LatencyHistogram {
  const histogram = new Int32Histogram(LOWEST_US, INITIAL_HIGHEST_US, SIGNIFICANT_DIGITS)
  histogram.autoResize = true
  return histogram
}

/** Records one latency; values below 1 µs are recorded as 1 µs (the histogram's floor). */
export function recordLatencyUs(histogram: LatencyHistogram, latencyUs: number): void {
  histogram.recordValue(latencyUs < LOWEST_US ? LOWEST_US : Math.round(latencyUs))
}

/** HdrHistogram's compressed base64 encoding (V2, deflated), readable by every HdrHistogram port. */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return encodeIntoCompressedBase64(histogram)
}

export function decodeHistogram(encoded: string): LatencyHistogram {
  const decoded = decodeFromCompressedBase64(encoded, 32, false)
  if (!(decoded instanceof JsHistogram)) throw new TypeError('decoded histogram is not a JavaScript histogram')
  decoded.autoResize = true
  return decoded
}

export function mergeHistograms(histograms: Iterable<LatencyHistogram>): LatencyHistogram {
  const merged = createLatencyHistogram()
  for (const histogram of histograms) merged.add(histogram)
  return merged
}

/** Value at a percentile (0–100); null for an empty histogram. */
export function percentileUs(histogram: LatencyHistogram, percentile: number): number | null {
  return histogram.totalCount === 0 ? null : histogram.getValueAtPercentile(percentile)
}

/**
 * A histogram as sparse (bucket index, count) pairs, the form the window bootstrap adds up
 * quickly. Histograms built with the same lowest value and digits share bucket indexes.
 */
export interface SparseCounts {
  indexes: Int32Array
  counts: Float64Array
}

export function sparseCounts(histogram: LatencyHistogram): SparseCounts {
  const indexes: number[] = []
  const counts: number[] = []
  for (let i = 0; i < histogram.countsArrayLength; i++) {
    const count = histogram.getCountAtIndex(i)
    if (count > 0) {
      indexes.push(i)
      counts.push(count)
    }
  }
  return { indexes: Int32Array.from(indexes), counts: Float64Array.from(counts) }
}

/**
 * The value HdrHistogram reports for a bucket index: the highest value equivalent to the
 * bucket, which is what getValueAtPercentile returns, so resampled percentiles use the same
 * convention as the point estimate.
 */
export function bucketValueUs(histogram: LatencyHistogram, index: number): number {
  return histogram.highestEquivalentValue(histogram.valueFromIndex(index))
}
