import type { GateResult, ResultFile, RunComparison } from '@dyno/core'
import { formatFractionEstimate, formatFractionInterval, formatReferenceFraction } from '../format/format-reference.js'
import { type Palette, palette } from './colors.js'
import { renderGateLine } from './render-run.js'
import { renderVerdictTable } from './render-verdicts.js'

export interface RenderCompareOptions {
  color: boolean
  baseLabel: string
  headLabel: string
  notes?: readonly string[]
  /** Both sides' results, to show each variant against its scenario's reference variant. */
  results?: { base: readonly ResultFile[]; head: readonly ResultFile[] }
}

/**
 * "accounts/phases  phase2 requestsPerSec = 0.71× [0.69, 0.73] of node-http-ceiling
 * (head), 0.63× [0.60, 0.66] (base)": where each side stands against its own yardstick.
 */
function referenceLines(results: NonNullable<RenderCompareOptions['results']>, p: Palette): string[] {
  const lines: string[] = []
  for (const head of results.head) {
    const base = results.base.find((r) => r.scenario.id === head.scenario.id)
    for (const fraction of head.references ?? []) {
      const before = base?.references?.find(
        (f) => f.variant === fraction.variant && f.metric === fraction.metric && f.reference === fraction.reference,
      )
      const baseText = before === undefined ? '' : p.dim(`, ${formatFractionEstimate(before)} ${formatFractionInterval(before)} (base)`)
      lines.push(`  reference  ${head.scenario.id}  ${formatReferenceFraction(fraction)} (head)${baseText}`)
    }
  }
  return lines
}

/** `dyno compare BASE HEAD` in the terminal: environment notes, verdicts worst first, the gate. */
export function renderCompareSummary(comparison: RunComparison, gateResult: GateResult, options: RenderCompareOptions): string {
  const p = palette(options.color)
  const blocks: string[] = [
    `${p.bold('Comparing')} ${options.headLabel} ${p.dim('(head)')} against ${options.baseLabel} ${p.dim('(base)')}`,
  ]
  if (comparison.environment.length > 0) {
    blocks.push(
      comparison.environment
        .map((d) => {
          const line = `  ${d.severity === 'blocking' ? '⚠' : 'note'} ${d.field} differs: ${d.base} (base) vs ${d.head} (head)`
          return d.severity === 'blocking' ? p.yellow(line) : p.dim(line)
        })
        .join('\n'),
    )
  }
  if (comparison.added.length > 0) blocks.push(`  only in head (added): ${comparison.added.join(', ')}`)
  if (comparison.removed.length > 0) blocks.push(`  only in base (removed): ${comparison.removed.join(', ')}`)
  blocks.push(renderVerdictTable(comparison.comparisons, p))
  const references = options.results === undefined ? [] : referenceLines(options.results, p)
  if (references.length > 0) blocks.push(references.join('\n'))
  if (options.notes && options.notes.length > 0) blocks.push(options.notes.map((n) => p.yellow(`⚠ ${n}`)).join('\n'))
  blocks.push(renderGateLine(gateResult, comparison.comparisons, p))
  return `${blocks.join('\n\n')}\n`
}
