import { type ResultFile, stats } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { fixtureRun } from '../../test-fixtures/fixture-results.js'
import { ChartCollector } from './chart-spec.js'
import { renderMergedPercentileCurve, resolvablePercentiles } from './merged-percentile-curve.js'

/** An encoded µs histogram of `count` requests: all at `bodyUs` but the slowest `tail` at `tailUs`. */
function encoded(count: number, bodyUs: number, tail: number, tailUs: number): string {
  const histogram = stats.createLatencyHistogram()
  for (let i = 0; i < count - tail; i++) stats.recordLatencyUs(histogram, bodyUs)
  for (let i = 0; i < tail; i++) stats.recordLatencyUs(histogram, tailUs)
  return stats.encodeHistogram(histogram)
}

/** The load scenario of the fixture run, with merged histograms on its variants. */
function loadResult(histograms: Record<string, string | undefined>): ResultFile {
  const result = fixtureRun().results.find((r) => r.scenario.runner.kind === 'http-load') as ResultFile
  return {
    ...result,
    variants: result.variants.map((v) => {
      const histogram = histograms[v.name]
      return histogram === undefined
        ? v
        : { ...v, pooled: { method: 'merged', rounds: v.rounds.length, values: {}, intervals: {}, histogram } }
    }),
  }
}

describe('the merged-histogram latency curve', () => {
  it('stops where the smallest variant’s requests run out of tail', () => {
    expect(resolvablePercentiles(100)).toEqual([50, 75, 90, 95, 99])
    expect(resolvablePercentiles(1_000)).toEqual([50, 75, 90, 95, 99, 99.5, 99.9])
    expect(resolvablePercentiles(200_000)).toEqual([50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999])
  })

  it('reads every percentile of the merged histogram, ending at the slowest request', () => {
    // memory: 10,000 requests at 4 ms but the slowest 5 at 500 ms; sqlite-wal all at 9 ms.
    const result = loadResult({ memory: encoded(10_000, 4_000, 5, 500_000), 'sqlite-wal': encoded(10_000, 9_000, 0, 0) })
    const charts = new ChartCollector()
    const figure = renderMergedPercentileCurve(charts, [{ label: null, result, hollow: false }], new Map())
    expect(figure?.text).toContain('20,000 in all')
    const spec = Object.values(charts.specs)[0]
    expect(spec?.x).toMatchObject({ labels: ['p50', 'p75', 'p90', 'p95', 'p99', 'p99.5', 'p99.9', 'p99.95', 'p99.99', 'max'] })
    expect(spec?.y.unit).toBe('ms')
    const [memory, sqlite] = spec?.series ?? []
    expect(memory?.label).toBe('memory')
    // The body at 4 ms up to p99.95 (the 9,995th request, the last fast one); p99.99 is among the slow five.
    for (const p of memory?.points.slice(0, 3) ?? []) expect((p as number) / 4).toBeCloseTo(1, 2)
    expect((memory?.points[7] as number) / 4).toBeCloseTo(1, 2)
    expect((memory?.points[8] as number) / 500).toBeCloseTo(1, 2)
    expect((memory?.points.at(-1) as number) / 500).toBeCloseTo(1, 2)
    expect(sqlite?.points.every((p) => typeof p === 'number' && Math.abs(p / 9 - 1) < 0.01)).toBe(true)
  })

  it('gives way to the per-round percentiles when a variant has no merged histogram', () => {
    const result = loadResult({ memory: encoded(1000, 400, 0, 0) })
    expect(renderMergedPercentileCurve(new ChartCollector(), [{ label: null, result, hollow: false }], new Map())).toBeNull()
  })
})
