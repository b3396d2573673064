import path from 'node:path'
import { calibrationAdvice, compareRuns, DynoError, gate, type ResultFile, readCalibration } from '@dyno/core'
import { claimRows, collectWarnings, type MarkdownInput, renderCompareSummary, renderMarkdown } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import type { ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { displayPath } from '../report/reports-location.js'
import { runDirsOf } from '../report/write-flame-graphs.js'
import { writeHtmlReport } from '../report/write-html-report.js'
import { writeReportFile } from '../report/write-report-file.js'
import { resolveResultSet, resultsRoot } from '../results/results-location.js'

export interface CompareOptions {
  format: 'table' | 'markdown' | 'json'
  threshold?: number
  strict?: boolean
  allowEnvMismatch?: boolean
  results?: string
  /** Write the comparison as a self-contained HTML report to this file. */
  html?: string
  /** Write the Markdown summary (for a PR comment or $GITHUB_STEP_SUMMARY) to this file. */
  markdown?: string
  config?: string
}

function withThreshold(results: ResultFile[], threshold: number | undefined): ResultFile[] {
  if (threshold === undefined) return results
  return results.map((r) => ({ ...r, scenario: { ...r.scenario, metrics: r.scenario.metrics.map((m) => ({ ...m, threshold })) } }))
}

export async function compareCommand(baseName: string, headName: string, options: CompareOptions, io: CliIo): Promise<ExitCode> {
  const project = await loadProject(io.cwd, options.config)
  const root = resultsRoot(io.cwd, options.results, io.env, project.settings.resultsDir)
  const strict = options.strict ?? project.settings.strict ?? false
  const [base, head] = await Promise.all([resolveResultSet(baseName, root, io.cwd), resolveResultSet(headName, root, io.cwd)])
  const comparison = compareRuns(withThreshold(base.results, options.threshold), withThreshold(head.results, options.threshold), {
    base: base.label,
    head: head.label,
  })
  const blocking = comparison.environment.filter((d) => d.severity === 'blocking')
  if (blocking.length > 0 && options.allowEnvMismatch !== true) {
    throw new DynoError('environment-mismatch', `${base.label} and ${head.label} were measured in different environments`, {
      details: blocking.map((d) => `${d.field}: ${d.base} (base) vs ${d.head} (head)`),
      hint: 'compare results from the same machine and setup, or pass --allow-env-mismatch to compare anyway (the output then carries a warning)',
    })
  }
  if (comparison.comparisons.length === 0 && comparison.added.length === 0 && comparison.removed.length === 0) {
    throw new DynoError('nothing-to-compare', `${base.label} and ${head.label} have no completed variant of any scenario in common`, {
      hint: 'check that both runs include the same scenarios and that their variants completed',
    })
  }
  if (blocking.length > 0) {
    // --allow-env-mismatch: every verdict carries the mismatch, so no report can drop it.
    const mismatch = {
      code: 'environment-mismatch',
      severity: 'warning' as const,
      message: `measured in different environments: ${blocking.map((d) => `${d.field} ${d.base} vs ${d.head}`).join('; ')}`,
    }
    comparison.comparisons = comparison.comparisons.map((c) => ({ ...c, warnings: [...c.warnings, mismatch] }))
  }
  const outcome = gate({ comparisons: comparison.comparisons, results: head.results, strict })
  const machineId = head.results[0]?.environment.machineId
  const advice = machineId ? calibrationAdvice(head.results, await readCalibration(root, machineId)) : []
  const notes = [...blocking.map((d) => `environment differs: ${d.field} ${d.base} vs ${d.head}`), ...advice.map((a) => a.message)]
  const report =
    options.html === undefined
      ? undefined
      : await writeHtmlReport({
          input: {
            kind: 'compare',
            title: `dyno compare ${head.label} vs ${base.label}`,
            base: { label: base.label, results: base.results, location: displayPath(io.cwd, base.source) },
            head: { label: head.label, results: head.results, location: displayPath(io.cwd, head.source) },
            comparison,
            gate: outcome,
          },
          file: path.resolve(io.cwd, options.html),
          resultsRoot: root,
          io,
          profiles: [
            ...[...runDirsOf(base)].map(([result, runDir]) => ({ result, runDir, side: 'base' })),
            ...[...runDirsOf(head)].map(([result, runDir]) => ({ result, runDir, side: 'head' })),
          ],
        })
  const markdown: MarkdownInput = {
    title: `dyno compare ${head.label} vs ${base.label}`,
    comparisons: comparison.comparisons,
    gate: outcome,
    added: comparison.added,
    removed: comparison.removed,
    notes,
    warnings: collectWarnings({ results: head.results, comparisons: comparison.comparisons, environment: comparison.environment }),
    // Claims are checked within each run (variant against baseline); HEAD's are the ones under review.
    claims: claimRows(head.results),
    referenced: { results: head.results, side: head.label },
    ...(report !== undefined ? { reportLink: report } : {}),
  }
  const written: string[] = []
  if (report !== undefined) written.push(`Report: ${report}`)
  if (options.markdown !== undefined) {
    const file = path.resolve(io.cwd, options.markdown)
    await writeReportFile(file, renderMarkdown(markdown))
    written.push(`Markdown: ${displayPath(io.cwd, file)}`)
  }
  if (options.format === 'json') {
    io.out(
      `${JSON.stringify({ base: base.source, head: head.source, ...comparison, gate: outcome, advice, report: report ?? null }, null, 2)}\n`,
    )
  } else if (options.format === 'markdown') {
    io.out(renderMarkdown(markdown))
  } else {
    io.out(
      renderCompareSummary(comparison, outcome, {
        color: io.color,
        baseLabel: base.label,
        headLabel: head.label,
        notes: advice.map((a) => a.message),
        results: { base: base.results, head: head.results },
      }),
    )
  }
  // Where the files went: after the table for people, on stderr when stdout is data.
  if (written.length > 0) {
    if (options.format === 'table') io.out(`\n${written.join('\n')}\n`)
    else io.err(`${written.join('\n')}\n`)
  }
  return outcome.exitCode
}
