import type { ResultFile } from '@dyno/core'
import { formatValue } from '../format/format-value.js'
import { renderChartFigure } from './chart-figure.js'
import { type ChartCollector, type ChartSeries, compact } from './chart-spec.js'
import { displayUnit } from './display-unit.js'
import { type Html, html } from './html-template.js'
import type { Metric } from './panel-side.js'
import type { HistoryEntry } from './report-input.js'
import { useLogScale } from './value-axis.js'

/**
 * A scenario's headline metric across saved baselines and this run: whether the code has
 * been getting faster or slower release by release. Medians only; each baseline's intervals
 * are in its own report. Points from another machine are still drawn but named in the table,
 * since only same-machine points are one experiment.
 */
function medianOf(result: ResultFile | undefined, variant: string, metric: string): number | null {
  const summary = result?.variants.find((v) => v.name === variant)?.summaries[metric]
  return summary !== undefined && summary.n > 0 && Number.isFinite(summary.median) ? summary.median : null
}

export function renderHistoryChart(
  charts: ChartCollector,
  current: { label: string; result: ResultFile },
  history: readonly HistoryEntry[],
  colors: ReadonlyMap<string, string>,
): Html {
  const id = current.result.scenario.id
  const metric: Metric | undefined = current.result.scenario.metrics[0]
  if (metric === undefined) return html``
  const entries = history
    .map((h) => ({ label: h.label, result: h.results.find((r) => r.scenario.id === id) }))
    .filter((e): e is { label: string; result: ResultFile } => e.result !== undefined)
  if (entries.length === 0) return html``
  const points = [...entries, current]
  const variants = current.result.variants.map((v) => v.name)
  const table = variants.map((name) => ({ name, values: points.map((p) => medianOf(p.result, name, metric.name)) }))
  const unit = displayUnit(
    metric.unit,
    table.flatMap((t) => t.values.filter((v): v is number => v !== null)),
  )
  const series: ChartSeries[] = table
    .filter((t) => t.values.some((v) => v !== null))
    .map((t) => ({
      label: t.name,
      color: colors.get(t.name) ?? '#555555',
      points: t.values.map((v) => (v === null ? null : compact(v / unit.divisor))),
    }))
  if (series.length === 0) return html``
  const machine = current.result.environment.machineId
  const otherMachines = points.filter((p) => p.result.environment.machineId !== machine).map((p) => p.label)
  const chart = renderChartFigure(
    charts,
    {
      x: { kind: 'category', title: 'saved baseline (oldest first), then this run', labels: points.map((p) => p.label) },
      y: { title: `median ${metric.name} (${unit.label})`, log: useLogScale(table.flatMap((t) => t.values)), unit: unit.label },
      series,
    },
    `Median ${metric.name} of each variant across ${entries.length} saved baseline${entries.length === 1 ? '' : 's'} and this run`,
    `History of the headline metric across saved baselines.${otherMachines.length > 0 ? ` Measured on another machine: ${otherMachines.join(', ')}.` : ''}`,
  )
  return html`<div class="history"><h3>History</h3>${chart}<details><summary>History as a table</summary><div class="table-wrap"><table><thead><tr><th scope="col">variant</th>${points.map((p) => html`<th scope="col">${p.label}</th>`)}</tr></thead><tbody>${table.map((t) => html`<tr><th scope="row">${t.name}</th>${t.values.map((v) => html`<td class="num">${formatValue(v, metric.unit)}</td>`)}</tr>`)}</tbody></table></div></details></div>`
}
