import type { Comparison, GateResult, ResultFile } from '@dyno/core'
import { formatClaimRange, QUICK_CLAIM_NOTE } from '../format/format-claim.js'
import { formatReferenceFraction } from '../format/format-reference.js'
import { formatValue } from '../format/format-value.js'
import { renderTable } from '../format/text-table.js'
import { countVerdicts } from '../format/verdict-order.js'
import { type Palette, palette } from './colors.js'
import { renderProfiles } from './render-profiles.js'
import { renderVerdictTable } from './render-verdicts.js'

export interface RenderRunOptions {
  color: boolean
  runDir: string
  /** Extra lines for the reader, e.g. calibration advice. */
  notes?: readonly string[]
  /** The HTML report, printed just before the results directory (which stays last). */
  reportPath?: string
  /** Where each profiled variant's flame graph is, for the profiles block (results with a `profile`). */
  flameGraph?: (result: ResultFile, label: string) => string | null
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`
}

function renderScenario(result: ResultFile, p: Palette): string {
  const lines: string[] = []
  const s = result.session
  lines.push(p.bold(result.scenario.id) + p.dim(` — ${result.scenario.description}`))
  lines.push(
    p.dim(
      `  ${result.scenario.runner.kind} runner · ${s.measuredRounds}/${s.plannedRounds} rounds (+${s.warmupRounds} warm-up) · ${seconds(s.durationMs)} · seed ${s.seed}${s.quick ? ' · quick' : ''}${s.stopReason !== 'rounds-complete' ? ` · stopped: ${s.stopReason}` : ''}`,
    ),
  )
  if (result.error !== null) {
    lines.push(
      p.red(
        `  ${s.stopReason === 'provisioning-failed' ? 'its servers could not be provisioned' : 'setup failed'}: ${result.error.message}`,
      ),
    )
    return lines.join('\n')
  }
  const primary = result.scenario.metrics[0]
  if (primary !== undefined) {
    const rows = result.variants.map((v) => {
      const summary = v.summaries[primary.name]
      const ci = summary?.medianCi
      const status = v.status === 'completed' ? v.status : p.red(`${v.status}: ${v.statusReason ?? ''}`)
      return [
        `${v.name}${v.baseline ? p.dim(' (baseline)') : ''}`,
        formatValue(summary?.median, primary.unit),
        ci ? `${formatValue(ci.low, primary.unit)} – ${formatValue(ci.high, primary.unit)}` : '–',
        summary?.relativeMad !== null && summary?.relativeMad !== undefined ? `±${(summary.relativeMad * 100).toFixed(1)}%` : '–',
        String(v.rounds.filter((r) => r.status === 'ok').length),
        status,
      ]
    })
    lines.push(
      renderTable(['variant', `median ${primary.name}`, '95% CI of median', 'noise (MAD)', 'rounds', 'status'], rows, [
        'left',
        'right',
        'right',
        'right',
        'right',
        'left',
      ]),
    )
  }
  for (const claim of result.claims) {
    const measured = claim.measured
      ? `measured ${claim.measured.estimate.toPrecision(3)}×${result.session.quick ? ` (${QUICK_CLAIM_NOTE})` : ''}`
      : 'not measured'
    const range = formatClaimRange(claim)
    const paint = claim.status === 'confirmed' ? p.green : claim.status === 'contradicted' ? p.red : p.yellow
    lines.push(
      `  claim   ${paint(claim.status)}: ${claim.claim.variant}/${result.scenario.baselineVariant} ${claim.claim.metric} ratio ${range} (${claim.claim.source}); ${measured}`,
    )
  }
  for (const budget of result.budgets) {
    const metric = result.scenario.metrics.find((m) => m.name === budget.budget.metric)
    const unit = metric?.unit ?? 'count'
    const limit =
      budget.budget.max !== undefined ? `< ${formatValue(budget.budget.max, unit)}` : `> ${formatValue(budget.budget.min, unit)}`
    const paint = budget.status === 'pass' ? p.green : budget.status === 'fail' ? p.red : p.yellow
    lines.push(
      `  budget  ${paint(budget.status)}: ${budget.variant} ${budget.budget.statistic ?? 'median'} ${budget.budget.metric} ${limit}; measured ${formatValue(budget.value, unit)}`,
    )
  }
  for (const fraction of result.references ?? []) {
    lines.push(`  reference  ${formatReferenceFraction(fraction)}`)
  }
  for (const warning of result.warnings) {
    const paint = warning.severity === 'error' ? p.red : warning.severity === 'warning' ? p.yellow : p.dim
    lines.push(paint(`  ${warning.severity === 'info' ? 'note' : '⚠'} ${warning.message}`))
  }
  return lines.join('\n')
}

export function renderGateLine(gateResult: GateResult, comparisons: readonly Comparison[], p: Palette): string {
  const counts = countVerdicts(comparisons.filter((c) => c.metric.gated))
  const tally = `${counts.regressed} regressed · ${counts.inconclusive} inconclusive · ${counts.improved} improved · ${counts.equivalent} equivalent`
  const verdict = gateResult.exitCode === 0 ? p.green('PASS') : p.red('FAIL')
  const lines = [`Gate: ${verdict} (exit ${gateResult.exitCode}) — gated metrics: ${tally}`]
  for (const failure of gateResult.failures) lines.push(p.red(`  ✗ ${failure.message}`))
  return lines.join('\n')
}

/** The whole `dyno run` summary: per-scenario figures, the verdict table, the gate, the results path (last). */
export function renderRunSummary(
  results: readonly ResultFile[],
  comparisons: readonly Comparison[],
  gateResult: GateResult,
  options: RenderRunOptions,
): string {
  const p = palette(options.color)
  const blocks = results.map((r) => renderScenario(r, p))
  blocks.push(`${p.bold('Verdicts')} (each variant against its scenario's baseline)\n${renderVerdictTable(comparisons, p)}`)
  if (options.notes && options.notes.length > 0) blocks.push(options.notes.map((n) => p.yellow(`⚠ ${n}`)).join('\n'))
  blocks.push(renderGateLine(gateResult, comparisons, p))
  const profiles = renderProfiles(results, { color: options.color, ...(options.flameGraph ? { flameGraph: options.flameGraph } : {}) })
  if (profiles !== '') blocks.push(profiles)
  blocks.push(options.reportPath === undefined ? `Results: ${options.runDir}` : `Report: ${options.reportPath}\nResults: ${options.runDir}`)
  return `${blocks.join('\n\n')}\n`
}
