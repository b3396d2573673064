import type { Comparison } from '@dyno/core'
import { formatChange, formatDetectable, formatFactor, formatP, formatSubject, VERDICT_SYMBOL } from '../format/format-change.js'
import { renderTable } from '../format/text-table.js'
import { orderComparisons } from '../format/verdict-order.js'
import { type Palette, paintVerdict } from './colors.js'

/**
 * The verdict table shared by `dyno run` and `dyno compare`: worst first, one row per
 * scenario × variant × metric, then the reasons for anything inconclusive. Informational
 * (ungated) metrics are listed only when they are not equivalent, to keep the table short.
 */
export function renderVerdictTable(comparisons: readonly Comparison[], p: Palette): string {
  const shown = orderComparisons(comparisons).filter((c) => c.metric.gated || c.verdict !== 'equivalent')
  if (shown.length === 0) return '  (no comparisons: fewer than two completed variants)'
  const rows = shown.map((c) => [
    paintVerdict(p, c.verdict, `${VERDICT_SYMBOL[c.verdict]} ${c.verdict}`),
    c.scenarioId,
    formatSubject(c),
    c.metric.gated ? c.metric.name : p.dim(`${c.metric.name} (info)`),
    formatChange(c),
    formatFactor(c),
    formatP(c.pAdjusted),
    formatDetectable(c),
  ])
  const level = Math.round((shown[0]?.ratio.level ?? 0.99) * 100)
  const table = renderTable(
    ['verdict', 'scenario', 'variant', 'metric', `change [${level}% CI]`, 'factor', 'p (Holm)', 'detectable'],
    rows,
    ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right'],
  )
  const notes = shown
    .filter((c) => c.verdict === 'inconclusive' && c.metric.gated)
    .map((c) => `  ? ${c.scenarioId} ${formatSubject(c)}, ${c.metric.name}: ${c.reason}`)
  // Comparison warnings (drift, environment mismatch) once each, however many rows share them.
  const warnings = [...new Set(shown.flatMap((c) => c.warnings.map((w) => w.message)))].map((m) => p.yellow(`  ⚠ ${m}`))
  const extra = [...notes, ...warnings]
  return extra.length > 0 ? `${table}\n\n${extra.join('\n')}` : table
}
