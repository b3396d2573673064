import { renderChartFigure } from './chart-figure.js'
import { type ChartCollector, type ChartSeries, compact } from './chart-spec.js'
import { displayUnit } from './display-unit.js'
import { type DistributionGroup, renderDistributionSvg } from './distribution-svg.js'
import { type Html, html } from './html-template.js'
import { type Metric, type PanelSide, seriesLabel } from './panel-side.js'
import { okValues, roundCount, valuesByRound } from './round-values.js'
import { useLogScale } from './value-axis.js'

function statusNote(status: string, reason: string | null): string {
  return reason ? `${status}: ${reason}` : status
}

/**
 * One metric of one scenario: the distribution of its raw per-round samples per variant
 * (box and strip plot), and the same samples in run order, where drift, warm-up effects or a
 * noisy neighbour show up as a trend or a jump that a summary would hide.
 */
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
