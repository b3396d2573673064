import { type RoundRecord, stats } from '@dyno/core'
import { renderChartFigure } from './chart-figure.js'
import { type ChartCollector, type ChartSeries, compact } from './chart-spec.js'
import { displayUnit } from './display-unit.js'
import type { Html } from './html-template.js'
import { type PanelSide, seriesLabel } from './panel-side.js'

/**
 * Throughput through the measured load, window by window (the http-load runner's time
 * windows, 1 s by default): for each window, the median over the rounds of the successful
 * responses per second, with the middle half of the rounds as a band. It shows what one figure
 * per round hides: a slow start, a stall, throughput sagging as a store grows, and under an
 * open-model ramp, where the achieved rate stops following the offered one (drawn grey).
 */

interface WindowRates {
  /** Per window index: the rate in each round that had that window. */
  achieved: number[][]
  offered: number[][]
  startsMs: number[][]
}

function perSecond(count: number, durationMs: number): number | null {
  return durationMs > 0 ? count / (durationMs / 1000) : null
}

/** Appends `value` to the list at `index`, creating it on first use. */
function addAt(lists: number[][], index: number, value: number): void {
  const list = lists[index]
  if (list === undefined) lists[index] = [value]
  else list.push(value)
}

function collect(rounds: readonly RoundRecord[]): WindowRates {
  const rates: WindowRates = { achieved: [], offered: [], startsMs: [] }
  for (const round of rounds) {
    if (round.status !== 'ok' || round.load === undefined) continue
    round.load.windows.forEach((w, i) => {
      const achieved = perSecond(w.ok, w.durationMs)
      if (achieved === null) return
      addAt(rates.achieved, i, achieved)
      addAt(rates.startsMs, i, w.startMs)
      const offered = w.scheduled === undefined ? null : perSecond(w.scheduled, w.durationMs)
      if (offered !== null) addAt(rates.offered, i, offered)
    })
  }
  return rates
}

function medianOrNull(values: readonly number[] | undefined): number | null {
  return values === undefined || values.length === 0 ? null : stats.median(values)
}

function quantileOrNull(values: readonly number[] | undefined, q: number): number | null {
  return values === undefined || values.length === 0 ? null : stats.quantile(values, q)
}

/** The chart, or null when no round recorded time windows (another runner, or an older file). */
export function renderWindowRateChart(
  charts: ChartCollector,
  sides: readonly PanelSide[],
  colors: ReadonlyMap<string, string>,
): Html | null {
  const variants = sides.flatMap((side) =>
    side.result.variants.filter((v) => v.status === 'completed').map((v) => ({ side, v, rates: collect(v.rounds) })),
  )
  const windows = Math.max(0, ...variants.map((x) => x.rates.achieved.length))
  if (windows < 2) return null
  const all = variants.flatMap((x) => x.rates.achieved.flat())
  const unit = displayUnit('req/s', all)
  const scaled = (v: number | null) => (v === null ? null : compact(v / unit.divisor))
  const indexes = Array.from({ length: windows }, (_, i) => i)
  const series: ChartSeries[] = variants.map(({ side, v, rates }) => ({
    label: seriesLabel(v.name, side),
    color: colors.get(v.name) ?? '#555555',
    dashed: side.hollow,
    points: indexes.map((i) => scaled(medianOrNull(rates.achieved[i]))),
    band: {
      low: indexes.map((i) => scaled(quantileOrNull(rates.achieved[i], 0.25))),
      high: indexes.map((i) => scaled(quantileOrNull(rates.achieved[i], 0.75))),
      label: 'middle half of rounds',
    },
  }))
  // Every variant is offered the same schedule (same seed), so one grey line stands for all.
  const offered = variants.find((x) => x.rates.offered.length > 0)
  if (offered !== undefined) {
    series.push({
      label: 'offered (scheduled)',
      color: '#999999',
      dashed: true,
      points: indexes.map((i) => scaled(medianOrNull(offered.rates.offered[i]))),
    })
  }
  const labels = indexes.map((i) => {
    const start = medianOrNull(variants.flatMap((x) => x.rates.startsMs[i] ?? []))
    return start === null ? `#${i + 1}` : `${Number((start / 1000).toPrecision(3))} s`
  })
  return renderChartFigure(
    charts,
    {
      x: { kind: 'category', title: 'time window, from the start of the measured load', labels },
      y: { title: `successful responses (${unit.label})`, log: false, unit: unit.label },
      series,
    },
    'Successful responses per second of each variant in each time window of the measured load',
    `Throughput window by window through the measured load: the median over rounds, shaded between the rounds’ quartiles${offered === undefined ? '' : '; grey: the rate offered by the open-model schedule'}. A dip or a sag here is hidden in one figure per round.`,
  )
}
