import type { VariantResult } from '@dyno/core'
import { formatValue } from '../format/format-value.js'
import type { ChartCollector } from './chart-spec.js'
import { renderHistoryChart } from './history-chart.js'
import { type Html, html } from './html-template.js'
import { renderLoadSection } from './load-section.js'
import { renderMetricPanel } from './metric-panel.js'
import { type PanelSide, seriesLabel } from './panel-side.js'
import { renderProfileSection } from './profile-section.js'
import { renderRatioChart } from './ratio-chart.js'
import { renderReferenceTable } from './reference-table.js'
import type { HistoryEntry, ProfileLinkResolver } from './report-input.js'
import { variantColor } from './variant-colors.js'

/**
 * Everything about one scenario: how it ran, each variant's figures, then every metric's raw
 * samples (distribution and run order), load views for load scenarios, resource metrics for
 * throughput ones, and its history across saved baselines.
 */
export interface ScenarioSectionInput {
  anchor: string
  sides: readonly PanelSide[]
  history: readonly HistoryEntry[]
  /** Label of the run shown as the last history point. */
  currentLabel: string
  profileLinks?: ProfileLinkResolver
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`
}

/** One colour per variant name, the baseline first, kept across BASE and HEAD. */
export function colorsFor(sides: readonly PanelSide[]): Map<string, string> {
  const names: string[] = []
  for (const side of sides) {
    const baseline = side.result.scenario.baselineVariant
    if (!names.includes(baseline)) names.unshift(baseline)
    for (const v of side.result.variants) if (!names.includes(v.name)) names.push(v.name)
  }
  return new Map(names.map((n, i) => [n, variantColor(i)]))
}

function sessionLine(side: PanelSide): Html {
  const r = side.result
  const s = r.session
  const parts = [
    `${r.scenario.runner.kind} runner`,
    `${s.measuredRounds}/${s.plannedRounds} rounds (+${s.warmupRounds} warm-up)`,
    seconds(s.durationMs),
    `seed ${s.seed}`,
    s.quick ? 'quick' : '',
    s.stopReason !== 'rounds-complete' ? `stopped: ${s.stopReason}` : '',
    `outcome ${r.outcome}`,
    `run ${r.runId}`,
  ].filter(Boolean)
  return html`<p class="session">${side.label === null ? '' : html`<strong>${side.label}:</strong> `}${parts.join(' · ')}</p>`
}

function statusCell(v: VariantResult): Html {
  if (v.status === 'completed') return html`<td>completed</td>`
  return html`<td class="status-bad"><strong>${v.status}</strong>${v.statusReason ? html`: ${v.statusReason}` : ''}</td>`
}

function variantsTable(sides: readonly PanelSide[]): Html {
  const first = sides[0]
  const metric = first?.result.scenario.metrics[0]
  if (first === undefined || metric === undefined) return html``
  const rows = sides.flatMap((side) =>
    side.result.variants.map((v) => {
      const s = v.summaries[metric.name]
      const ok = v.rounds.filter((r) => r.status === 'ok').length
      const errors = v.rounds.filter((r) => r.status !== 'ok')
      const firstError = errors.find((r) => r.error !== undefined || r.invalidReason !== undefined)
      const roundError = firstError?.error?.message ?? firstError?.invalidReason
      // Shown only when it adds something to the variant's status reason.
      const errorText = roundError !== undefined && roundError !== v.statusReason ? roundError : undefined
      return html`<tr><th scope="row">${seriesLabel(v.name, side)}${v.baseline ? html` <span class="muted">(baseline)</span>` : ''}${v.description ? html`<div class="small muted">${v.description}</div>` : ''}</th>
${statusCell(v)}
<td class="num">${ok}/${v.rounds.length}${errorText ? html`<div class="small status-bad">${errorText}</div>` : ''}</td>
<td class="num">${formatValue(s?.median, metric.unit)}</td>
<td class="num">${s?.medianCi ? `${formatValue(s.medianCi.low, metric.unit)} – ${formatValue(s.medianCi.high, metric.unit)}` : '–'}</td>
<td class="num">${s ? `${formatValue(s.q1, metric.unit)} – ${formatValue(s.q3, metric.unit)}` : '–'}</td>
<td class="num">${s?.relativeMad !== null && s?.relativeMad !== undefined ? `±${(s.relativeMad * 100).toFixed(1)}%` : '–'}</td></tr>`
    }),
  )
  return html`<div class="table-wrap"><table class="variants"><caption>Variants: ${metric.name} (headline metric)</caption>
<thead><tr><th scope="col">variant</th><th scope="col">status</th><th scope="col">ok rounds</th><th scope="col">median</th><th scope="col">95% CI of median</th><th scope="col">middle half (IQR)</th><th scope="col">noise (MAD)</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}

export function renderScenarioSection(charts: ChartCollector, input: ScenarioSectionInput): Html {
  const first = input.sides[0]
  if (first === undefined) return html``
  // HEAD's definition wins when the scenario changed between two runs: it is the one under review.
  const head = input.sides[input.sides.length - 1] ?? first
  const scenario = head.result.scenario
  const colors = colorsFor(input.sides)
  const errors = input.sides.filter((s) => s.result.error !== null)
  const [primary, ...others] = scenario.metrics
  const otherTitle = scenario.runner.kind === 'throughput' ? 'Resources: time, CPU, memory, GC, event loop' : 'Other metrics'
  return html`<section id="${input.anchor}" class="scenario" aria-labelledby="${input.anchor}-heading">
<h2 id="${input.anchor}-heading">${scenario.id}</h2>
<p class="description">${scenario.description}</p>
${input.sides.map(sessionLine)}
${scenario.sourceFile ? html`<p class="small muted">Scenario file: <code>${scenario.sourceFile}</code></p>` : ''}
${errors.map((s) => html`<div class="callout callout-error"><strong>${s.label === null ? '' : `${s.label}: `}could not run:</strong> ${s.result.error?.message ?? ''}</div>`)}
${variantsTable(input.sides)}
${renderReferenceTable(input.sides)}
${
  primary === undefined
    ? ''
    : html`<h3>${primary.name} (headline metric)</h3>${renderMetricPanel(charts, input.sides, primary, colors)}${renderRatioChart(charts, input.sides, primary, colors)}`
}
${renderProfileSection(input.sides, input.profileLinks)}
${renderLoadSection(charts, input.sides, colors)}
${others.length > 0 ? html`<h3>${otherTitle}</h3>${others.map((m) => renderMetricPanel(charts, input.sides, m, colors))}` : ''}
${renderHistoryChart(charts, { label: input.currentLabel, result: head.result }, input.history, colors)}
</section>`
}
