import { formatValue } from '../format/format-value.js'
import { renderChartFigure } from '../html/chart-figure.js'
import { type ChartCollector, type ChartSeries, compact } from '../html/chart-spec.js'
import { displayUnit } from '../html/display-unit.js'
import { type Html, html } from '../html/html-template.js'
import type { Metric } from '../html/panel-side.js'
import { useLogScale } from '../html/value-axis.js'
import { variantColor } from '../html/variant-colors.js'
import type { ScenarioHistory } from './scenario-history.js'
import { relativeHref, scenarioPagePath } from './site-paths.js'

/**
 * A scenario's page: for every metric, a chart of each variant's median over the runs (oldest
 * first, labelled by commit and baseline name) with its 95% interval as a band, and the same
 * figures as a table whose rows link to each run's report. Runs measured on another machine
 * than the latest are named: only same-machine points are one experiment.
 */
function metricSection(charts: ChartCollector, history: ScenarioHistory, metric: Metric, pagePath: string): Html {
  const { points, variants } = history
  const values = variants.map((variant) => ({ variant, cells: points.map((_, i) => history.value(i, variant, metric.name)) }))
  const unit = displayUnit(
    metric.unit,
    values.flatMap((v) => v.cells.map((c) => c.median).filter((m): m is number => m !== null)),
  )
  const scaled = (x: number | null) => (x === null ? null : compact(x / unit.divisor))
  const series: ChartSeries[] = values
    .filter((v) => v.cells.some((c) => c.median !== null))
    .map((v) => ({
      label: v.variant,
      color: variantColor(variants.indexOf(v.variant)),
      points: v.cells.map((c) => scaled(c.median)),
      band: { low: v.cells.map((c) => scaled(c.low)), high: v.cells.map((c) => scaled(c.high)) },
    }))
  const latestMachine = points.at(-1)?.machineId
  const otherMachine = points.filter((p) => p.machineId !== latestMachine).map((p) => p.label)
  const policy = metric.gated ? `gated at ±${Number((metric.threshold * 100).toPrecision(3))}%` : 'not gated'
  const chart =
    series.length === 0
      ? html`<p class="muted">No run measured ${metric.name} for any variant.</p>`
      : renderChartFigure(
          charts,
          {
            x: { kind: 'category', title: 'run (oldest first): commit, and baseline names', labels: points.map((p) => p.label) },
            y: {
              title: `median ${metric.name} (${unit.label})`,
              log: useLogScale(series.flatMap((s) => s.points as (number | null)[])),
              unit: unit.label,
            },
            series,
          },
          `Median ${metric.name} of each variant in ${points.length} run${points.length === 1 ? '' : 's'} of ${history.id}, with 95% intervals`,
          `${metric.better === 'lower' ? 'Lower' : 'Higher'} is better. Shaded: the 95% bootstrap interval of each run's median.${otherMachine.length > 0 ? ` Measured on another machine than the latest run: ${otherMachine.join(', ')}.` : ''}`,
        )
  const rows = points.map(
    (p, i) =>
      html`<tr><th scope="row"><a href="${relativeHref(pagePath, p.reportHref)}">${p.label}</a></th><td class="nowrap">${p.startedAt.slice(0, 16).replace('T', ' ')}</td>${values.map(
        (v) => {
          const c = v.cells[i]
          return html`<td class="num">${c && c.median !== null ? html`${formatValue(c.median, metric.unit)}${c.low !== null && c.high !== null ? html` <span class="muted small">[${formatValue(c.low, metric.unit)} – ${formatValue(c.high, metric.unit)}]</span>` : ''}` : '–'}</td>`
        },
      )}<td>${p.machineId === latestMachine ? '' : html`<span class="status-bad">other machine</span>`}</td></tr>`,
  )
  return html`<section class="metric" id="metric-${metric.name}"><h2>${metric.name} <span class="muted small">(${metric.unit}, ${policy})</span></h2>
${chart}
<details><summary>${metric.name} as a table</summary><div class="table-wrap"><table><thead><tr><th scope="col">run (report)</th><th scope="col">started (UTC)</th>${variants.map((v) => html`<th scope="col">${v} median [95% CI]</th>`)}<th scope="col"></th></tr></thead><tbody>${rows}</tbody></table></div></details></section>`
}

export function renderScenarioPage(charts: ChartCollector, history: ScenarioHistory): Html {
  const pagePath = scenarioPagePath(history.id)
  return html`<p class="why">${history.description}</p>
<p class="muted">${history.points.length} run${history.points.length === 1 ? '' : 's'}, variants ${history.variants.join(', ')} (${history.variants[0] ?? ''} is the baseline). Each point links to its run's report, where the raw rounds and the verdicts are.</p>
${history.metrics.map((m) => metricSection(charts, history, m, pagePath))}`
}
