import type { ClaimCheck, Comparison, GateResult, ResultFile } from '@dyno/core'
import type { ReportWarning } from '../format/collect-warnings.js'
import { formatChange, formatDetectable, formatFactor, formatP, formatSubject } from '../format/format-change.js'
import { formatClaimMeasured, formatClaimRange } from '../format/format-claim.js'
import { formatValue } from '../format/format-value.js'
import { countVerdicts, orderComparisons } from '../format/verdict-order.js'
import { type Html, html } from './html-template.js'
import { claimBadge, failureBadge, gateBadge, verdictBadge } from './verdict-badge.js'
import { renderWarningList } from './warning-list.js'

/**
 * The first thing on the page: the gate's outcome, every warning that matters, then every
 * scenario × variant × metric with its verdict, worst first (the order of the terminal and the
 * Markdown), and rows for variants that could not be compared, so a failure never vanishes.
 */
export interface SummaryInput {
  mode: 'run' | 'compare'
  comparisons: readonly Comparison[]
  gate: GateResult
  warnings: readonly ReportWarning[]
  /** The results whose claims and budgets are shown (HEAD when comparing). */
  results: readonly ResultFile[]
  /** Rows for what has no comparison: "variant errored", "only in head"… */
  uncompared: readonly UncomparedRow[]
  /** Claims as measured in BASE, when comparing. */
  baseResults?: readonly ResultFile[]
  anchors: ReadonlyMap<string, string>
}

export interface UncomparedRow {
  scenarioId: string
  variant: string | null
  status: string
  reason: string
}

function scenarioLink(id: string, anchors: ReadonlyMap<string, string>): Html {
  const anchor = anchors.get(id)
  return anchor === undefined ? html`${id}` : html`<a href="#${anchor}">${id}</a>`
}

function claimFor(c: Comparison, results: readonly ResultFile[]): { check: ClaimCheck; quick: boolean } | undefined {
  const result = results.find((r) => r.scenario.id === c.scenarioId)
  const check = result?.claims.find((k) => k.claim.variant === c.head.variant && k.claim.metric === c.metric.name)
  return result === undefined || check === undefined ? undefined : { check, quick: result.session.quick }
}

function claimCell(claim: { check: ClaimCheck; quick: boolean } | undefined): Html {
  if (claim === undefined) return html`<td class="muted">–</td>`
  const { check, quick } = claim
  return html`<td>${claimBadge(check.status)}<div class="small">claimed ${formatClaimRange(check)}; ${formatClaimMeasured(check, quick)}</div></td>`
}

function verdictRow(c: Comparison, input: SummaryInput): Html {
  const unit = c.metric.unit
  return html`<tr class="row-${c.verdict}${c.metric.gated ? '' : ' info'}">
<td>${verdictBadge(c.verdict)}</td>
<td>${scenarioLink(c.scenarioId, input.anchors)}</td>
<td>${formatSubject(c)}</td>
<td>${c.metric.name}${c.metric.gated ? '' : html` <span class="muted">(info)</span>`}</td>
<td class="num">${formatValue(c.base.median, unit)} → ${formatValue(c.head.median, unit)}</td>
<td class="num">${formatChange(c)}<div class="small muted">${formatFactor(c)}</div></td>
<td class="num">${formatP(c.pAdjusted)}</td>
<td class="num">${formatDetectable(c)}</td>
${input.mode === 'run' ? claimCell(claimFor(c, input.results)) : ''}
</tr>`
}

function uncomparedRow(row: UncomparedRow, input: SummaryInput): Html {
  const span = input.mode === 'run' ? 6 : 5
  return html`<tr class="row-failed"><td>${failureBadge(row.status)}</td><td>${scenarioLink(row.scenarioId, input.anchors)}</td><td>${row.variant ?? '–'}</td><td colspan="${span}">${row.reason}</td></tr>`
}

/** Why each inconclusive verdict is inconclusive, and roughly how many more rounds would decide it. */
function inconclusiveReasons(ordered: readonly Comparison[]): Html {
  const open = ordered.filter((c) => c.verdict === 'inconclusive')
  if (open.length === 0) return html``
  return html`<details class="reasons"><summary>Why ${open.length === 1 ? 'one verdict is' : `${open.length} verdicts are`} inconclusive</summary><ul>${open.map(
    (c) => html`<li><strong>${c.scenarioId} ${formatSubject(c)}, ${c.metric.name}</strong>: ${c.reason}</li>`,
  )}</ul></details>`
}

function verdictTable(input: SummaryInput): Html {
  const ordered = orderComparisons(input.comparisons)
  if (ordered.length === 0 && input.uncompared.length === 0) {
    return html`<p class="muted">No comparisons: fewer than two completed variants.</p>`
  }
  return html`<div class="table-wrap"><table class="verdicts">
<caption>Verdicts, worst first (gated metrics before informational ones)</caption>
<thead><tr><th scope="col">verdict</th><th scope="col">scenario</th><th scope="col">variant</th><th scope="col">metric</th><th scope="col">median base → head</th><th scope="col">change [95% CI]</th><th scope="col">p (Holm)</th><th scope="col">detectable</th>${input.mode === 'run' ? html`<th scope="col">seed claim</th>` : ''}</tr></thead>
<tbody>${input.uncompared.map((r) => uncomparedRow(r, input))}${ordered.map((c) => verdictRow(c, input))}</tbody>
</table></div>
${inconclusiveReasons(ordered)}`
}

function claimsTable(input: SummaryInput): Html {
  const rows = input.results.flatMap((r) => r.claims.map((check) => ({ result: r, check })))
  if (rows.length === 0) return html``
  const compare = input.mode === 'compare'
  const baseCheck = (r: ResultFile, check: ClaimCheck) => {
    const base = input.baseResults?.find((b) => b.scenario.id === r.scenario.id)
    const k = base?.claims.find(
      (x) => x.claim.variant === check.claim.variant && x.claim.metric === check.claim.metric && x.claim.source === check.claim.source,
    )
    return base === undefined || k === undefined ? undefined : { check: k, quick: base.session.quick }
  }
  return html`<div class="table-wrap"><table class="claims">
<caption>Seed claims against what was measured${compare ? ' (each within its own run: variant against baseline)' : ''}</caption>
<thead><tr><th scope="col">scenario</th><th scope="col">claim</th><th scope="col">claimed ratio</th>${compare ? html`<th scope="col">base</th><th scope="col">head</th>` : html`<th scope="col">measured</th>`}<th scope="col">source</th></tr></thead>
<tbody>${rows.map(({ result, check }) => {
    const cell = (k: { check: ClaimCheck; quick: boolean } | undefined) =>
      k === undefined
        ? html`<td class="muted">not in this run</td>`
        : html`<td>${claimBadge(k.check.status)}<div class="small">${formatClaimMeasured(k.check, k.quick)}</div></td>`
    const head = { check, quick: result.session.quick }
    return html`<tr><td>${scenarioLink(result.scenario.id, input.anchors)}</td><td>${check.claim.text}</td><td>${check.claim.variant}/${result.scenario.baselineVariant} ${check.claim.metric} ${formatClaimRange(check)}</td>${compare ? html`${cell(baseCheck(result, check))}${cell(head)}` : cell(head)}<td class="small">${check.claim.source}</td></tr>`
  })}</tbody></table></div>`
}

function budgetsTable(input: SummaryInput): Html {
  const rows = input.results.flatMap((r) => r.budgets.map((check) => ({ result: r, check })))
  if (rows.length === 0) return html``
  return html`<div class="table-wrap"><table class="budgets">
<caption>Budgets (absolute limits)</caption>
<thead><tr><th scope="col">status</th><th scope="col">scenario</th><th scope="col">variant</th><th scope="col">limit</th><th scope="col">measured</th><th scope="col">why</th></tr></thead>
<tbody>${rows.map(({ result, check }) => {
    const unit = result.scenario.metrics.find((m) => m.name === check.budget.metric)?.unit ?? 'count'
    const limit = check.budget.max !== undefined ? `< ${formatValue(check.budget.max, unit)}` : `> ${formatValue(check.budget.min, unit)}`
    const badge =
      check.status === 'pass'
        ? html`<span class="badge verdict-improved"><span aria-hidden="true">✓</span> pass</span>`
        : check.status === 'fail'
          ? html`<span class="badge verdict-regressed"><span aria-hidden="true">✗</span> fail</span>`
          : html`<span class="badge verdict-inconclusive"><span aria-hidden="true">?</span> not measured</span>`
    return html`<tr><td>${badge}</td><td>${scenarioLink(result.scenario.id, input.anchors)}</td><td>${check.variant}</td><td>${check.budget.statistic ?? 'median'} ${check.budget.metric} ${limit}</td><td class="num">${formatValue(check.value, unit)}</td><td class="small">${check.budget.reason ?? ''}</td></tr>`
  })}</tbody></table></div>`
}

export function renderSummarySection(input: SummaryInput): Html {
  const counts = countVerdicts(input.comparisons.filter((c) => c.metric.gated))
  const failures =
    input.gate.failures.length === 0
      ? ''
      : html`<div class="callout callout-error"><h3>Why the gate failed</h3><ul>${input.gate.failures.map((f) => html`<li>${f.message}</li>`)}</ul></div>`
  return html`<section id="summary" aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<p class="headline">${gateBadge(input.gate.exitCode)} <span>exit code ${input.gate.exitCode} — gated metrics: ${counts.regressed} regressed · ${counts.inconclusive} inconclusive · ${counts.improved} improved · ${counts.equivalent} equivalent</span></p>
${failures}
${renderWarningList(input.warnings)}
${verdictTable(input)}
${claimsTable(input)}
${budgetsTable(input)}
</section>`
}
