import path from 'node:path'
import { compareRefResults, gate, type RefRecord, type ResultFile, type SkippedScenario, type Warning } from '@dyno/core'
import { claimRows, collectWarnings, type MarkdownInput, renderCompareSummary, renderMarkdown } from '@dyno/report'
import type { ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { displayPath, reportsRoot, runReportFile } from '../report/reports-location.js'
import { writeHtmlReport } from '../report/write-html-report.js'
import { writeReportFile } from '../report/write-report-file.js'
import { refLabel } from './ref-sides.js'

/**
 * Verdicts, gate and output of a compare-refs run, from its result files: what
 * `dyno compare-refs` prints at the end and what `dyno merge` prints for merged shards, so
 * both say the same thing about the same data. HEAD is compared with BASE per variant,
 * paired by round, with Holm across every scenario given.
 */
export interface RefOutputOptions {
  format: 'table' | 'markdown' | 'json'
  strict?: boolean
  /** HTML reports directory; false (--no-report) writes none. */
  reports?: string
  report?: boolean
  /** Also write the Markdown summary here (e.g. for $GITHUB_STEP_SUMMARY). */
  markdown?: string
}

export interface RefPresentation {
  command: string
  runId: string
  runDir: string
  resultsRoot: string
  base: readonly ResultFile[]
  head: readonly ResultFile[]
  refs: { base: RefRecord; head: RefRecord }
  added: readonly string[]
  removed: readonly string[]
  skipped: readonly SkippedScenario[]
  notes: readonly string[]
  /** Carried by every verdict (e.g. merged shards from differing machines, with --allow-env-mismatch). */
  verdictWarnings?: readonly Warning[]
  options: RefOutputOptions
  io: CliIo
}

export async function presentRefComparison(input: RefPresentation): Promise<ExitCode> {
  const { io, options } = input
  const labels = { base: refLabel(input.refs.base), head: refLabel(input.refs.head) }
  const comparison = compareRefResults(input.base, input.head, labels, { added: input.added, removed: input.removed })
  if (input.verdictWarnings !== undefined && input.verdictWarnings.length > 0) {
    const extra = input.verdictWarnings
    comparison.comparisons = comparison.comparisons.map((c) => ({ ...c, warnings: [...c.warnings, ...extra] }))
  }
  const outcome = gate({ comparisons: comparison.comparisons, results: input.head, strict: options.strict === true })
  const title = `${input.command} ${labels.head} vs ${labels.base}`
  const notes = [...input.skipped.map((s) => `skipped ${s.scenarioId}: ${s.reason}`), ...input.notes]
  const runDir = displayPath(io.cwd, input.runDir)
  let report: string | undefined
  if (options.report !== false) {
    try {
      report = await writeHtmlReport({
        input: {
          kind: 'compare',
          title,
          base: { label: labels.base, results: input.base, location: path.join(runDir, 'base') },
          head: { label: labels.head, results: input.head, location: path.join(runDir, 'head') },
          comparison,
          gate: outcome,
        },
        file: runReportFile(reportsRoot(io.cwd, options.reports, io.env), input.runId),
        resultsRoot: input.resultsRoot,
        io,
      })
    } catch (error) {
      io.err(
        `dyno: the HTML report was not written: ${error instanceof Error ? error.message : String(error)}\n  hint: the results are saved in ${runDir}; \`dyno report ${input.runId}\` tries again\n`,
      )
    }
  }
  const markdown: MarkdownInput = {
    title,
    comparisons: comparison.comparisons,
    gate: outcome,
    added: comparison.added,
    removed: comparison.removed,
    notes,
    warnings: collectWarnings({ results: input.head, comparisons: comparison.comparisons }),
    claims: claimRows(input.head),
    ...(report !== undefined ? { reportLink: report } : {}),
  }
  const written: string[] = []
  if (report !== undefined) written.push(`Report: ${report}`)
  if (options.markdown !== undefined) {
    const file = path.resolve(io.cwd, options.markdown)
    await writeReportFile(file, renderMarkdown(markdown))
    written.push(`Markdown: ${displayPath(io.cwd, file)}`)
  }
  written.push(`Results: ${runDir}`)
  if (options.format === 'json') {
    io.out(
      `${JSON.stringify({ runId: input.runId, runDir: input.runDir, refs: input.refs, ...comparison, skipped: input.skipped, gate: outcome, report: report ?? null }, null, 2)}\n`,
    )
  } else if (options.format === 'markdown') {
    io.out(renderMarkdown(markdown))
  } else {
    io.out(renderCompareSummary(comparison, outcome, { color: io.color, baseLabel: labels.base, headLabel: labels.head, notes }))
  }
  // Where the files went: after the table for people, on stderr when stdout is data.
  if (options.format === 'table') io.out(`\n${written.join('\n')}\n`)
  else io.err(`${written.join('\n')}\n`)
  return outcome.exitCode
}
