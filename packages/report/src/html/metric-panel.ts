import type { MetricPolicy, MetricSpec, ResultFile } from '@dyno/core'
import { renderChartFigure } from './chart-figure.js'
import { type ChartCollector, type ChartSeries, compact } from './chart-spec.js'
import { displayUnit } from './display-unit.js'
import { type DistributionGroup, renderDistributionSvg } from './distribution-svg.js'
import { type Html, html } from './html-template.js'
import { okValues, roundCount, valuesByRound } from './round-values.js'
import { LOG_SPAN } from './value-axis.js'

/**
 * One metric of one scenario: the distribution of its raw per-round samples per variant
 * (box and strip plot), and the same samples in run order, where drift, warm-up effects or a
 * noisy neighbour show up as a trend or a jump that a summary would hide.
 */
export interface PanelSide {
  /** "base"/"head" when a report shows two runs; null for a single run. */
  label: string | null
  result: ResultFile
  /** Base sides are drawn hollow and dashed, heads solid. */
  hollow: boolean
}

export type Metric = MetricSpec & MetricPolicy

export function seriesLabel(variant: string, side: PanelSide): string {
  return side.label === null ? variant : `${variant} · ${side.label}`
}

export function useLogScale(values: readonly (number | null)[]): boolean {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (finite.length === 0) return false
  const lo = Math.min(...finite)
  return lo > 0 && Math.max(...finite) / lo > LOG_SPAN
}

function statusNote(status: string, reason: string | null): string {
  return reason ? `${status}: ${reason}` : status
}

export function renderMetricPanel(
  charts: ChartCollector,
  sides: readonly PanelSide[],
  metric: Metric,
  colors: ReadonlyMap<string, string>,
): Html {
  const groups: DistributionGroup[] = []
  for (const side of sides) {
    for (const v of side.result.variants) {
      groups.push({
        label: `${seriesLabel(v.name, side)}${v.baseline ? ' (baseline)' : ''}`,
        values: okValues(v, metric.name),
        color: colors.get(v.name) ?? '#555555',
        hollow: side.hollow,
        note: v.status === 'completed' ? 'no samples of this metric' : statusNote(v.status, v.statusReason),
      })
    }
  }
  const direction = metric.better === 'lower' ? 'lower is better' : 'higher is better'
  const svg = renderDistributionSvg(groups, {
    metric: metric.name,
    unit: metric.unit,
    id: charts.nextId('dist'),
    title: `Distribution of ${metric.name} per variant, one point per round (${direction})`,
  })

  const rounds = Math.max(0, ...sides.map((s) => roundCount(s.result.variants)))
  const raw = sides.flatMap((side) => side.result.variants.map((v) => ({ side, v, values: valuesByRound(v, metric.name, rounds) })))
  const unit = displayUnit(
    metric.unit,
    raw.flatMap((r) => r.values.filter((x): x is number => x !== null)),
  )
  const series: ChartSeries[] = raw
    .filter((r) => r.values.some((x) => x !== null))
    .map((r) => ({
      label: seriesLabel(r.v.name, r.side),
      color: colors.get(r.v.name) ?? '#555555',
      dashed: r.side.hollow,
      points: r.values.map((x) => (x === null ? null : compact(x / unit.divisor))),
    }))
  const log = useLogScale(raw.flatMap((r) => r.values))
  const chart =
    series.length === 0
      ? html`<p class="muted">No completed rounds to plot.</p>`
      : renderChartFigure(
          charts,
          {
            x: { kind: 'category', title: 'measured round (run order)', labels: Array.from({ length: rounds }, (_, i) => i + 1) },
            y: { title: `${metric.name} (${unit.label})`, log, unit: unit.label },
            series,
          },
          `${metric.name} of each variant in each measured round, in the order the rounds ran`,
          `Per round, in run order${log ? ' (logarithmic axis)' : ''}: a trend or a step means the machine drifted during the run.`,
        )
  return html`<div class="metric-panel">
<h4>${metric.name} <span class="muted small">${unit.label === metric.unit ? metric.unit : `${metric.unit}, shown in ${unit.label}`} · ${direction}${metric.gated ? ' · gated' : ' · informational'}</span></h4>
${metric.description ? html`<p class="small">${metric.description}</p>` : ''}
<div class="panel-grid"><figure class="svg-figure">${svg}<figcaption>Raw samples: each point is one round; the box spans the middle half, the thick line is the median.</figcaption></figure>${chart}</div>
</div>`
}

/**
 * Each variant's value divided by its baseline's in the same round. Pairing cancels what the
 * two shared (a busy neighbour, a thermal dip), so a trend here is drift in the comparison
 * itself, the thing that would bias a verdict.
 */
export function renderRatioChart(
  charts: ChartCollector,
  sides: readonly PanelSide[],
  metric: Metric,
  colors: ReadonlyMap<string, string>,
): Html {
  const rounds = Math.max(0, ...sides.map((s) => roundCount(s.result.variants)))
  const series: ChartSeries[] = []
  for (const side of sides) {
    const baseline = side.result.variants.find((v) => v.name === side.result.scenario.baselineVariant)
    if (baseline === undefined) continue
    const base = valuesByRound(baseline, metric.name, rounds)
    for (const v of side.result.variants) {
      if (v === baseline) continue
      const head = valuesByRound(v, metric.name, rounds)
      const points = head.map((h, i) => {
        const b = base[i]
        return h === null || b === null || b === undefined || b === 0 ? null : compact(h / b)
      })
      if (points.some((p) => p !== null))
        series.push({
          label: `${seriesLabel(v.name, side)} / ${baseline.name}`,
          color: colors.get(v.name) ?? '#555555',
          dashed: side.hollow,
          points,
        })
    }
  }
  if (series.length === 0) return html``
  series.push({ label: 'no change (1×)', color: '#999999', dashed: true, points: Array.from({ length: rounds }, () => 1) })
  const log = useLogScale(series.flatMap((s) => s.points as (number | null)[]))
  return renderChartFigure(
    charts,
    {
      x: { kind: 'category', title: 'measured round (run order)', labels: Array.from({ length: rounds }, (_, i) => i + 1) },
      y: { title: `${metric.name} ratio to baseline`, log, unit: '×' },
      series,
    },
    `Ratio of each variant's ${metric.name} to its baseline's, round by round`,
    'Ratio to the baseline in the same round: the paired comparison behind the verdict. A trend here is drift that affects the verdict.',
  )
}
