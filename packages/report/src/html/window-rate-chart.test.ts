import { type LoadWindowRecord, type ResultFile, type RoundRecord, stats } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { fixtureRun } from '../../test-fixtures/fixture-results.js'
import { ChartCollector } from './chart-spec.js'
import { renderWindowRateChart } from './window-rate-chart.js'

/** Windows of 500 ms: `ok[i]` successes in window i, and for an open model `scheduled[i]` requests scheduled. */
function windows(ok: number[], scheduled?: number[]): LoadWindowRecord[] {
  return ok.map((count, i) => ({
    startMs: i * 500,
    durationMs: 500,
    ok: count,
    errors: 0,
    ...(scheduled ? { scheduled: scheduled[i] as number, late: 0, dropped: 0 } : {}),
    p50LatencyUs: 100,
    p99LatencyUs: 200,
    maxLatencyUs: 300,
    histogram: '',
  }))
}

function withWindows(round: RoundRecord, w: LoadWindowRecord[]): RoundRecord {
  return { ...round, load: { model: 'open', windowMs: 500, windows: w, errorsByClass: {}, routes: [], intervals: {} } }
}

/** The fixture run's load scenario, each variant's rounds given the windows `perRound(round)`. */
function loadResult(perRound: (variant: string, round: number) => LoadWindowRecord[] | null): ResultFile {
  const result = fixtureRun().results.find((r) => r.scenario.runner.kind === 'http-load') as ResultFile
  return {
    ...result,
    variants: result.variants.map((v) => ({
      ...v,
      rounds: v.rounds.map((r) => {
        const w = perRound(v.name, r.round)
        return w === null ? r : withWindows(r, w)
      }),
    })),
  }
}

describe('the window-by-window throughput chart', () => {
  it('draws the median over rounds of each window’s rate, the rounds’ quartiles as a band, and the offered rate', () => {
    // memory: round r serves 100·(r+1) in its first window, then a steady 1,000 per 500 ms.
    const result = loadResult((variant, round) =>
      variant === 'memory' ? windows([100 * (round + 1), 1000, 1000], [1000, 1000, 1000]) : windows([500, 500, 500], [1000, 1000, 1000]),
    )
    const charts = new ChartCollector()
    expect(renderWindowRateChart(charts, [{ label: null, result, hollow: false }], new Map())).not.toBeNull()
    const spec = Object.values(charts.specs)[0]
    expect(spec?.x).toMatchObject({ kind: 'category', labels: ['0 s', '0.5 s', '1 s'] })
    const memory = spec?.series.find((s) => s.label === 'memory')
    const rounds = result.variants.find((v) => v.name === 'memory')?.rounds.filter((r) => r.status === 'ok') ?? []
    // Per second: the first window's median over the ok rounds, then 2,000/s steady.
    const median = stats.median(rounds.map((r) => 200 * (r.round + 1)))
    expect(spec?.y.unit).toBe('req/s')
    expect(memory?.points).toEqual([median, 2000, 2000])
    expect(memory?.band?.label).toBe('middle half of rounds')
    expect(memory?.band?.low[0]).toBeLessThan(median)
    expect(memory?.band?.high[0]).toBeGreaterThan(median)
    expect(spec?.series.find((s) => s.label === 'sqlite-wal')?.points).toEqual([1000, 1000, 1000])
    expect(spec?.series.at(-1)).toMatchObject({ label: 'offered (scheduled)', points: [2000, 2000, 2000] })
  })

  it('gives way to one point per round when no round recorded windows', () => {
    expect(
      renderWindowRateChart(new ChartCollector(), [{ label: null, result: loadResult(() => null), hollow: false }], new Map()),
    ).toBeNull()
  })
})
