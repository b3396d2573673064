import path from 'node:path'
import { compareRefResults, gate, type RefRecord, type ResultFile, type SkippedScenario, type Warning } from '@dyno/core'
import { claimRows, collectWarnings, type MarkdownInput, renderCompareSummary, renderMarkdown, renderProfiles } from '@dyno/report'
import type { ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { displayPath, reportsRoot, runReportFile } from '../report/reports-location.js'
import { writeHtmlReportFiles } from '../report/write-html-report.js'
import { writeReportFile } from '../report/write-report-file.js'
import { refLabel } from './ref-sides.js'

/**
 * Verdicts, gate and output of a compare-refs run, from its result files: what
 * `dyno compare-refs` prints at the end and what `dyno merge` prints for merged shards, so
 * both say the same thing about the same data. HEAD is compared with BASE per variant,
 * paired by round, with Holm across every scenario given. Profiles (on HEAD's results: both
 * builds' profiles and the differential view BASE→HEAD) are shown after the verdicts, with
 * their flame graphs written beside the HTML report.
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

/**
 * HEAD's results, which carry both builds' profiles, each with BASE's measured variants for the
 * figures beside the `base:` profiles; their flame graphs go under `<report>/profiles/head/`.
 */
export function headProfiles(base: readonly ResultFile[], head: readonly ResultFile[], headRunDir: string) {
  return head.map((result) => {
    const measuredBase = base.find((b) => b.scenario.id === result.scenario.id)?.variants
    return { result, runDir: headRunDir, side: 'head', ...(measuredBase !== undefined ? { measuredBase } : {}) }
  })
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
  const headRunDir = path.join(input.runDir, 'head')
  let report: string | undefined
  let flameGraphs = new Map<ResultFile, Map<string, string>>()
  if (options.report !== false) {
    try {
      const written = await writeHtmlReportFiles({
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
        profiles: headProfiles(input.base, input.head, headRunDir),
      })
      report = written.shown
      flameGraphs = written.flameGraphs
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
    profiled: input.head,
    referenced: { results: input.head, side: 'HEAD' },
    ...(report !== undefined ? { reportLink: report } : {}),
  }
  // Where a profiled variant's flame graph went, or its raw profile when no report was written.
  const flameGraph = (result: ResultFile, label: string): string | null => {
    const page = flameGraphs.get(result)?.get(label)
    if (page !== undefined) return displayPath(io.cwd, page)
    const raw = result.profile?.variants.find((v) => v.label === label)?.cpuProfile
    return raw ? displayPath(io.cwd, path.join(headRunDir, raw)) : null
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
    const profiles = input.head.flatMap((r) => (r.profile === undefined ? [] : [{ scenarioId: r.scenario.id, ...r.profile }]))
    io.out(
      `${JSON.stringify({ runId: input.runId, runDir: input.runDir, refs: input.refs, ...comparison, skipped: input.skipped, gate: outcome, report: report ?? null, profiles }, null, 2)}\n`,
    )
  } else if (options.format === 'markdown') {
    io.out(renderMarkdown(markdown))
  } else {
    io.out(
      renderCompareSummary(comparison, outcome, {
        color: io.color,
        baseLabel: labels.base,
        headLabel: labels.head,
        notes,
        results: { base: input.base, head: input.head },
      }),
    )
    const profiles = renderProfiles(input.head, { color: io.color, flameGraph, baseResults: input.base })
    if (profiles !== '') io.out(`\n${profiles}\n`)
  }
  // Where the files went: after the table for people, on stderr when stdout is data.
  if (options.format === 'table') io.out(`\n${written.join('\n')}\n`)
  else io.err(`${written.join('\n')}\n`)
  return outcome.exitCode
}
