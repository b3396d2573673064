import { describe, expect, it } from 'vitest'
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  percentileUs,
  recordLatencyUs,
} from './latency-histogram.js'

function histogramOf(values: readonly number[]) {
  const h = createLatencyHistogram()
  for (const v of values) recordLatencyUs(h, v)
  return h
}

describe('latency histograms', () => {
  it('resolve single microseconds, where a millisecond histogram would read every loopback latency as 0', () => {
    const h = histogramOf([37, 38, 41, 52, 980])
    expect(percentileUs(h, 0)).toBe(37)
    expect(percentileUs(h, 50)).toBe(41)
    expect(percentileUs(h, 100)).toBe(980)
  })

  it('keep every value within 0.1% from microseconds up to minutes', () => {
    for (const value of [1234, 98_765, 4_321_000, 123_456_789]) {
      const reported = percentileUs(histogramOf([value]), 50) as number
      expect(Math.abs(reported - value) / value).toBeLessThan(0.001)
    }
  })

  it('survive the compressed base64 round trip exactly', () => {
    const h = histogramOf(Array.from({ length: 10_000 }, (_, i) => 50 + ((i * 7919) % 20_000)))
    const decoded = decodeHistogram(encodeHistogram(h))
    expect(decoded.totalCount).toBe(10_000)
    for (const p of [50, 90, 99, 99.9]) expect(percentileUs(decoded, p)).toBe(percentileUs(h, p))
  })

  it('merge into the distribution of all values, which averaging percentiles does not give', () => {
    // A calm window and a stalled one: 99 fast responses and 1 slow one each…
    const calm = histogramOf([...Array.from({ length: 99 }, () => 100), 200])
    const stalled = histogramOf([...Array.from({ length: 50 }, () => 100), ...Array.from({ length: 50 }, () => 200_000)])
    const merged = mergeHistograms([calm, stalled])
    const all = histogramOf([...Array.from({ length: 149 }, () => 100), 200, ...Array.from({ length: 50 }, () => 200_000)])
    for (const p of [50, 75, 90, 99]) expect(percentileUs(merged, p)).toBe(percentileUs(all, p))
    // …the mean of the two p50s (≈ 100 µs and ≈ 100 µs) says nothing of the stall, the merged p90 does.
    expect(percentileUs(merged, 90)).toBeGreaterThan(199_000)
    const averagedP75 = ((percentileUs(calm, 75) as number) + (percentileUs(stalled, 75) as number)) / 2
    expect(averagedP75).not.toBe(percentileUs(merged, 75))
  })

  it('report no percentile for an empty histogram rather than zero', () => {
    expect(percentileUs(createLatencyHistogram(), 99)).toBeNull()
  })
})
