import type { GateResult, RunComparison } from '@dyno/core'
import { palette } from './colors.js'
import { renderGateLine } from './render-run.js'
import { renderVerdictTable } from './render-verdicts.js'

export interface RenderCompareOptions {
  color: boolean
  baseLabel: string
  headLabel: string
  notes?: readonly string[]
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
  if (options.notes && options.notes.length > 0) blocks.push(options.notes.map((n) => p.yellow(`⚠ ${n}`)).join('\n'))
  blocks.push(renderGateLine(gateResult, comparison.comparisons, p))
  return `${blocks.join('\n\n')}\n`
}
