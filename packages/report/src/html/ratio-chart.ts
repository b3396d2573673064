import { renderChartFigure } from './chart-figure.js'
import { type ChartCollector, type ChartSeries, compact } from './chart-spec.js'
import { type Html, html } from './html-template.js'
import { type Metric, type PanelSide, seriesLabel } from './panel-side.js'
import { roundCount, valuesByRound } from './round-values.js'
import { useLogScale } from './value-axis.js'

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
