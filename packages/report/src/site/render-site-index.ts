import { compareWithinRun, gate } from '@dyno/core'
import { countVerdicts } from '../format/verdict-order.js'
import { type Html, html } from '../html/html-template.js'
import { gateBadge, verdictBadge } from '../html/verdict-badge.js'
import type { ScenarioHistory } from './scenario-history.js'
import type { SiteInput, SiteRun } from './site-input.js'
import { scenarioPagePath } from './site-paths.js'

/**
 * The site's front page: every scenario with a link to its history, then every run, newest
 * first, with its date, git ref, verdict counts on gated metrics, gate outcome and report.
 */
function when(run: SiteRun): string {
  const started = run.results.map((r) => r.session.startedAt).sort()[0]
  return started === undefined ? '–' : `${started.slice(0, 16).replace('T', ' ')} UTC`
}

function gitRef(run: SiteRun): Html {
  const git = run.results[0]?.environment.git
  if (!git) return html`<span class="muted">not a git checkout</span>`
  return html`<code>${git.sha.slice(0, 10)}</code>${git.branch ? html` ${git.branch}` : ''}${git.dirty ? html` <span class="muted">(uncommitted changes)</span>` : ''}`
}

function verdictCells(run: SiteRun): Html {
  const comparisons = compareWithinRun(run.results)
  const counts = countVerdicts(comparisons.filter((c) => c.metric.gated))
  const outcome = gate({ comparisons, results: run.results })
  const shown = (['regressed', 'inconclusive', 'improved', 'equivalent'] as const).filter((v) => counts[v] > 0)
  return html`<td>${shown.length === 0 ? html`<span class="muted">none</span>` : shown.map((v) => html`${verdictBadge(v)} ${counts[v]} `)}</td><td>${gateBadge(outcome.exitCode)}</td>`
}

export function renderSiteIndex(input: SiteInput, histories: readonly ScenarioHistory[]): Html {
  const runs = [...input.runs].sort((a, b) => b.runId.localeCompare(a.runId))
  const scenarioRows = histories.map((h) => {
    const last = h.points.at(-1)
    return html`<tr><th scope="row"><a href="${scenarioPagePath(h.id)}">${h.id}</a></th><td>${h.description}</td><td class="num">${h.points.length}</td><td>${last ? html`<a href="${last.reportHref}">${last.runId}</a>` : '–'}</td></tr>`
  })
  const runRows = runs.map(
    (run) =>
      html`<tr><td class="nowrap">${when(run)}</td><td><a href="${run.reportHref}"><code>${run.runId}</code></a></td><td>${gitRef(run)}</td><td>${run.baselines.join(', ')}</td><td class="num">${run.results.length}</td>${verdictCells(run)}</tr>`,
  )
  const skipped = input.skipped ?? []
  return html`<section id="scenarios"><h2>Scenarios</h2>
<p class="why">Each scenario's page charts every metric across the runs below, one point per run (medians with their 95% intervals), and links each point to its run's report.</p>
<div class="table-wrap"><table><thead><tr><th scope="col">scenario</th><th scope="col">description</th><th scope="col">runs</th><th scope="col">latest run</th></tr></thead><tbody>${scenarioRows}</tbody></table></div></section>
<section id="runs"><h2>Runs</h2>
<p class="why">Newest first. Verdicts count each variant against its scenario's baseline on gated metrics, within the run; the gate is what <code>dyno run</code> exited with.</p>
<div class="table-wrap"><table class="runs"><thead><tr><th scope="col">started</th><th scope="col">run (report)</th><th scope="col">git</th><th scope="col">baselines</th><th scope="col">scenarios</th><th scope="col">verdicts</th><th scope="col">gate</th></tr></thead><tbody>${runRows}</tbody></table></div></section>
${skipped.length > 0 ? html`<section id="skipped"><h2>Left out</h2><div class="callout callout-warning"><ul>${skipped.map((s) => html`<li><span class="where">${s.name}</span>: ${s.reason}</li>`)}</ul></div></section>` : ''}`
}
