import type { Comparison, GateResult, ResultFile } from '@dyno/core'
import type { ReportWarning } from '../format/collect-warnings.js'
import { formatChange, formatDetectable, formatFactor, formatP, formatSubject, VERDICT_SYMBOL } from '../format/format-change.js'
import { CLAIM_SYMBOL, type ClaimRow, claimStatusText, formatClaimMeasured, formatClaimRange } from '../format/format-claim.js'
import { formatChangeLocation, formatShare, formatShareChange, splitChanges } from '../format/format-profile.js'
import { formatReferenceFraction } from '../format/format-reference.js'
import { countVerdicts, orderComparisons } from '../format/verdict-order.js'

/**
 * Markdown for pull-request comments and $GITHUB_STEP_SUMMARY: a headline with the gate's
 * outcome, then a compact verdict table, worst regressions first (the same order and words as
 * the terminal), the warnings a reviewer must see, seed claims, reasons for inconclusive
 * results folded away, and a pointer to the HTML report.
 */
export interface MarkdownInput {
  title: string
  comparisons: readonly Comparison[]
  gate: GateResult
  added?: readonly string[]
  removed?: readonly string[]
  notes?: readonly string[]
  /** Errors and warnings are listed; informational notes are left to the HTML report. */
  warnings?: readonly ReportWarning[]
  claims?: readonly ClaimRow[]
  /** Path or URL of the HTML report. */
  reportLink?: string
  /** Results whose `profile` (differential view) is summarised, e.g. a run's. */
  profiled?: readonly ResultFile[]
  /**
   * Results whose variants are listed as fractions of their scenario's reference variant,
   * e.g. a run's, or the head side of a comparison (`side` then names it).
   */
  referenced?: { results: readonly ResultFile[]; side?: string }
}

/** Each variant's headline metric as a paired fraction of its scenario's yardstick. */
function referenceLines(referenced: MarkdownInput['referenced']): string[] {
  const lines: string[] = []
  for (const result of referenced?.results ?? []) {
    const fractions = result.references ?? []
    if (fractions.length === 0) continue
    if (lines.length === 0) {
      const side = referenced?.side === undefined ? '' : ` (${escapeMarkdown(referenced.side)})`
      lines.push(`**Against the reference**${side}: headline metric as a fraction of the yardstick, paired by round, 95% CI`, '')
    }
    lines.push(`- ${escapeMarkdown(result.scenario.id)}: ${fractions.map((f) => escapeMarkdown(formatReferenceFraction(f))).join('; ')}`)
  }
  if (lines.length > 0) lines.push('')
  return lines
}

/** Where the time went, per profiled scenario: the top increases of each differential view. */
function profileLines(results: readonly ResultFile[]): string[] {
  const lines: string[] = []
  for (const result of results) {
    for (const diff of result.profile?.diffs ?? []) {
      const grew = splitChanges(diff.functions).grew.slice(0, 3)
      if (grew.length === 0) continue
      if (lines.length === 0) lines.push('**Where the time went** (profiled after measuring; share of self time)', '')
      lines.push(
        `- ${escapeMarkdown(result.scenario.id)}, ${escapeMarkdown(diff.head)} vs ${escapeMarkdown(diff.base)}: ${grew
          .map(
            (f) =>
              `**${escapeMarkdown(f.functionName)}** ${formatShareChange(f.change)} (${formatShare(f.baseShare)} → ${formatShare(f.headShare)}${formatChangeLocation(f) === '' ? '' : `, ${escapeMarkdown(formatChangeLocation(f))}`})`,
          )
          .join('; ')}`,
      )
    }
  }
  if (lines.length > 0) lines.push('')
  return lines
}

/** Text from result files is user data: keep it from breaking the table or injecting HTML. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/\r?\n/g, ' ')
}

function warningLines(warnings: readonly ReportWarning[]): string[] {
  const serious = warnings.filter((w) => w.severity !== 'info')
  if (serious.length === 0) return []
  const lines = ['**Warnings**', '']
  for (const w of serious) {
    const where = [w.origin, w.scenarioId, w.variant, w.metric].filter((p): p is string => typeof p === 'string').map(escapeMarkdown)
    lines.push(`- ⚠ ${w.severity}${where.length > 0 ? ` · ${where.join(' · ')}` : ''}: ${escapeMarkdown(w.message)}`)
  }
  lines.push('')
  return lines
}

function claimLines(claims: readonly ClaimRow[]): string[] {
  if (claims.length === 0) return []
  const lines = ['| seed claim | scenario | claimed ratio | measured | source |', '|---|---|---|---|---|']
  for (const { scenarioId, baselineVariant, check, quick } of claims) {
    lines.push(
      `| ${CLAIM_SYMBOL[check.status]} ${claimStatusText(check.status)} | ${escapeMarkdown(scenarioId)} | ${escapeMarkdown(`${check.claim.variant}/${baselineVariant} ${check.claim.metric}`)} ${formatClaimRange(check)} | ${formatClaimMeasured(check, quick)} | ${escapeMarkdown(check.claim.source)} |`,
    )
  }
  lines.push('')
  return lines
}

export function renderMarkdown(input: MarkdownInput): string {
  const gated = input.comparisons.filter((c) => c.metric.gated)
  const counts = countVerdicts(gated)
  const status = input.gate.exitCode === 0 ? '✅ pass' : '❌ fail'
  const lines: string[] = [
    `## ${escapeMarkdown(input.title)}: ${status}`,
    '',
    `${VERDICT_SYMBOL.regressed} ${counts.regressed} regressed · ${VERDICT_SYMBOL.inconclusive} ${counts.inconclusive} inconclusive · ${VERDICT_SYMBOL.improved} ${counts.improved} improved · ${VERDICT_SYMBOL.equivalent} ${counts.equivalent} equivalent (gated metrics)`,
    '',
  ]
  const shown = orderComparisons(input.comparisons).filter((c) => c.metric.gated || c.verdict !== 'equivalent')
  if (shown.length > 0) {
    lines.push(
      `| verdict | scenario | variant | metric | change [${Math.round((shown[0]?.ratio.level ?? 0.99) * 100)}% CI] | factor | p (Holm) | detectable |`,
    )
    lines.push('|---|---|---|---|---|---|--:|--:|')
    for (const c of shown) {
      lines.push(
        `| ${VERDICT_SYMBOL[c.verdict]} ${c.verdict} | ${escapeMarkdown(c.scenarioId)} | ${escapeMarkdown(formatSubject(c))} | ${escapeMarkdown(c.metric.name)}${c.metric.gated ? '' : ' (info)'} | ${formatChange(c)} | ${formatFactor(c)} | ${formatP(c.pAdjusted)} | ${formatDetectable(c)} |`,
      )
    }
    lines.push('')
  } else {
    lines.push('_No comparisons: fewer than two completed variants._', '')
  }
  if (input.gate.failures.length > 0) {
    lines.push('**Gate failures**', '')
    for (const failure of input.gate.failures) lines.push(`- ${escapeMarkdown(failure.message)}`)
    lines.push('')
  }
  lines.push(...warningLines(input.warnings ?? []))
  lines.push(...claimLines(input.claims ?? []))
  lines.push(...referenceLines(input.referenced))
  lines.push(...profileLines(input.profiled ?? []))
  const inconclusive = shown.filter((c) => c.verdict === 'inconclusive')
  if (inconclusive.length > 0) {
    lines.push('<details><summary>Why inconclusive</summary>', '')
    for (const c of inconclusive) lines.push(`- ${escapeMarkdown(`${c.scenarioId} ${formatSubject(c)}, ${c.metric.name}: ${c.reason}`)}`)
    lines.push('', '</details>', '')
  }
  const warnings = [...new Set(shown.flatMap((c) => c.warnings.map((w) => w.message)))]
  if (warnings.length > 0) {
    lines.push('**Warnings**', '')
    for (const warning of warnings) lines.push(`- ⚠ ${escapeMarkdown(warning)}`)
    lines.push('')
  }
  if (input.added && input.added.length > 0) lines.push(`Added scenarios (head only): ${input.added.map(escapeMarkdown).join(', ')}`, '')
  if (input.removed && input.removed.length > 0)
    lines.push(`Removed scenarios (base only): ${input.removed.map(escapeMarkdown).join(', ')}`, '')
  for (const note of input.notes ?? []) lines.push(`> ${escapeMarkdown(note)}`, '')
  if (input.reportLink) lines.push(`Full report: ${escapeMarkdown(input.reportLink)}`, '')
  return `${lines.join('\n').trimEnd()}\n`
}
