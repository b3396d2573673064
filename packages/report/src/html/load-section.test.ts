import { describe, expect, it } from 'vitest'
import { LOAD_METRICS, MICRO_METRICS } from '../../test-fixtures/fixture-results.js'
import { percentileMetrics, percentileOf } from './load-section.js'

describe('load views', () => {
  it('reads the percentile from a metric name', () => {
    expect(percentileOf('p50LatencyUs')).toBe(50)
    expect(percentileOf('latencyP99Us')).toBe(99)
    expect(percentileOf('p999LatencyUs')).toBe(99.9)
    expect(percentileOf('peakRssBytes')).toBeNull()
    expect(percentileOf('nsPerOp')).toBeNull()
  })

  it('finds latency percentiles in order, and none in a micro benchmark', () => {
    expect(percentileMetrics(LOAD_METRICS).map((p) => p.percentile)).toEqual([50, 90, 99, 99.9])
    expect(percentileMetrics(MICRO_METRICS)).toEqual([])
  })

  it('leaves percentiles of other quantities off the latency curve', () => {
    const eventLoop = { name: 'serverEventLoopDelayP99Us', unit: 'us' as const, better: 'lower' as const, gated: false, threshold: 0.1 }
    expect(percentileMetrics([...LOAD_METRICS, eventLoop]).map((p) => p.metric.name)).not.toContain('serverEventLoopDelayP99Us')
  })
})
