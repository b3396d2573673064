import { stats } from '@dyno/core'
import { renderChartFigure } from './chart-figure.js'
import { type ChartCollector, type ChartSeries, compact } from './chart-spec.js'
import { displayUnit } from './display-unit.js'
import { type Html, html } from './html-template.js'
import { renderMergedPercentileCurve } from './merged-percentile-curve.js'
import { type Metric, type PanelSide, seriesLabel } from './panel-side.js'
import { okValues } from './round-values.js'
import { useLogScale } from './value-axis.js'
import { renderWindowRateChart } from './window-rate-chart.js'

/**
 * Load-test views: the latency percentile curve of each variant and the achieved request
 * rate over the run's wall-clock time. Built only from what every result has (declared
 * metrics and the rounds' values and start times), so it works for any runner that records
 * latency percentiles as metrics, and ignores per-round data it does not know; the http-load
 * runner's merged histograms give a finer curve (merged-percentile-curve.ts).
 */
const TIME_UNITS = new Set(['ns', 'us', 'ms', 's'])

/** "p50LatencyUs" → 50, "latencyP99Us" → 99, "p999LatencyUs" → 99.9; null when the name is no percentile. */
export function percentileOf(metricName: string): number | null {
  const match = /(?:^p|P)(\d{2,4})(?=[A-Z_]|$)/.exec(metricName)
  if (match === null) return null
  const digits = match[1] as string
  // Three or more digits after "99" are decimals: p999 is the 99.9th, p9999 the 99.99th.
  const value = digits.length > 2 ? Number(`${digits.slice(0, 2)}.${digits.slice(2)}`) : Number(digits)
  return value > 0 && value <= 100 ? value : null
}

/**
 * The request-latency percentiles, in order. Only metrics named as latencies: a server's
 * `serverEventLoopDelayP99Us` is a percentile in µs too, but of another quantity, and on the
 * curve it showed up as a second "p99".
 */
export function percentileMetrics(metrics: readonly Metric[]): { metric: Metric; percentile: number }[] {
  return metrics
    .filter((m) => TIME_UNITS.has(m.unit) && /latency/i.test(m.name))
    .map((metric) => ({ metric, percentile: percentileOf(metric.name) }))
    .filter((m): m is { metric: Metric; percentile: number } => m.percentile !== null)
    .sort((a, b) => a.percentile - b.percentile)
}

export function isLoadScenario(sides: readonly PanelSide[]): boolean {
  return sides.some((s) => s.result.scenario.runner.kind === 'http-load' || percentileMetrics(s.result.scenario.metrics).length >= 2)
}

function percentileCurve(charts: ChartCollector, sides: readonly PanelSide[], colors: ReadonlyMap<string, string>): Html {
  const first = sides[0]
  if (first === undefined) return html``
  const curve = percentileMetrics(first.result.scenario.metrics)
  // Percentiles of one unit only, so they share an axis.
  const unitOf = curve[0]?.metric.unit
  const points = curve.filter((c) => c.metric.unit === unitOf)
  if (points.length < 2 || unitOf === undefined) return html``
  const medians = sides.flatMap((side) =>
    side.result.variants.map((v) => ({
      side,
      v,
      values: points.map((p) => {
        const samples = okValues(v, p.metric.name)
        return samples.length > 0 ? stats.median(samples) : null
      }),
    })),
  )
  const unit = displayUnit(
    unitOf,
    medians.flatMap((m) => m.values.filter((x): x is number => x !== null)),
  )
  const series: ChartSeries[] = medians
    .filter((m) => m.values.some((x) => x !== null))
    .map((m) => ({
      label: seriesLabel(m.v.name, m.side),
      color: colors.get(m.v.name) ?? '#555555',
      dashed: m.side.hollow,
      points: m.values.map((x) => (x === null ? null : compact(x / unit.divisor))),
    }))
  if (series.length === 0) return html``
  const log = useLogScale(medians.flatMap((m) => m.values))
  return renderChartFigure(
    charts,
    {
      x: { kind: 'category', title: 'percentile', labels: points.map((p) => `p${p.percentile}`) },
      y: { title: `latency (${unit.label})`, log, unit: unit.label },
      series,
    },
    'Latency percentiles of each variant',
    'Latency percentile curve: the median across rounds of each round’s percentile. A curve that bends up sharply at the tail means queueing or stalls.',
  )
}

function rateOverTime(charts: ChartCollector, sides: readonly PanelSide[], colors: ReadonlyMap<string, string>): Html {
  const first = sides[0]
  const rate = first?.result.scenario.metrics.find((m) => m.unit.endsWith('/s'))
  if (first === undefined || rate === undefined) return html``
  const raw = sides.flatMap((side) => {
    const start = Date.parse(side.result.session.startedAt)
    return side.result.variants.map((v) => ({
      side,
      v,
      points: v.rounds
        .filter((r) => r.status === 'ok' && Number.isFinite(r.values[rate.name]))
        .map((r) => [(Date.parse(r.startedAt) - start) / 1000, r.values[rate.name] as number] as [number, number])
        .filter(([t]) => Number.isFinite(t)),
    }))
  })
  const unit = displayUnit(
    rate.unit,
    raw.flatMap((r) => r.points.map((p) => p[1])),
  )
  const series: ChartSeries[] = raw
    .filter((r) => r.points.length > 0)
    .map((r) => ({
      label: seriesLabel(r.v.name, r.side),
      color: colors.get(r.v.name) ?? '#555555',
      dashed: r.side.hollow,
      points: r.points.map(([t, y]) => [compact(t) ?? 0, compact(y / unit.divisor) ?? 0] as [number, number]),
    }))
  if (series.length === 0) return html``
  return renderChartFigure(
    charts,
    {
      x: { kind: 'linear', title: 'seconds since the scenario started' },
      y: { title: `${rate.name} (${unit.label})`, log: false, unit: unit.label },
      series,
    },
    `${rate.name} of each variant over the run's wall-clock time`,
    `${rate.name} over time: each point is one round (time window), placed at its start.`,
  )
}

export function renderLoadSection(charts: ChartCollector, sides: readonly PanelSide[], colors: ReadonlyMap<string, string>): Html {
  if (!isLoadScenario(sides)) return html``
  // From the merged µs histograms when the results have them (http-load), else from the
  // percentile metrics' per-round medians (any runner that names its latency percentiles).
  const curve = renderMergedPercentileCurve(charts, sides, colors) ?? percentileCurve(charts, sides, colors)
  // Window by window when the rounds recorded time windows (http-load), else one point per round.
  const rate = renderWindowRateChart(charts, sides, colors) ?? rateOverTime(charts, sides, colors)
  if (curve.text === '' && rate.text === '') return html``
  return html`<div class="load"><h3>Load</h3><div class="panel-grid">${curve}${rate}</div></div>`
}
