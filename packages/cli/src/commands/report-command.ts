import path from 'node:path'
import { compareRefResults, compareWithinRun, DynoError, gate } from '@dyno/core'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { headProfiles } from '../refs/present-ref-comparison.js'
import { refLabel } from '../refs/ref-sides.js'
import { reportsRoot, runReportFile } from '../report/reports-location.js'
import { runDirsOf } from '../report/write-flame-graphs.js'
import { writeHtmlReport } from '../report/write-html-report.js'
import { findRefsRun, type RefsRun } from '../results/refs-run.js'
import { resolveResultSet, resultsRoot } from '../results/results-location.js'

/**
 * `dyno report [RUN…]`: re-renders the HTML report of each run from its result files alone
 * (verdicts recomputed across the run's scenarios, as `dyno run` does), to
 * reports/<run-id>/index.html or to --out. Never measures; exits 0 when every report is written.
 */
export interface ReportOptions {
  out?: string
  reports?: string
  results?: string
  config?: string
}

export async function reportCommand(runs: string[], options: ReportOptions, io: CliIo): Promise<ExitCode> {
  const names = runs.length > 0 ? runs : ['latest']
  if (options.out !== undefined && names.length > 1) {
    throw new DynoError('report-out-needs-one-run', `--out names one file, but ${names.length} runs were given`, {
      hint: 'render one run per --out, or leave --out away to write reports/<run-id>/index.html for each',
    })
  }
  const project = await loadProject(io.cwd, options.config)
  const root = resultsRoot(io.cwd, options.results, io.env, project.settings.resultsDir)
  // Resolve every name first, so a typo in the last one fails before anything is written.
  const refsRuns = await Promise.all(names.map((name) => findRefsRun(name, root, io.cwd)))
  const sets = await Promise.all(names.map((name, i) => (refsRuns[i] ? null : resolveResultSet(name, root, io.cwd))))
  for (const refsRun of refsRuns) {
    if (refsRun !== null) io.out(`Report: ${await writeRefsReport(refsRun, options, root, io)}\n`)
  }
  for (const set of sets) {
    if (set === null) continue
    const runIds = [...new Set(set.results.map((r) => r.runId))]
    const runId = runIds.join('+')
    const comparisons = compareWithinRun(set.results)
    const file =
      options.out !== undefined
        ? path.resolve(io.cwd, options.out)
        : runReportFile(reportsRoot(io.cwd, options.reports, io.env, project.settings.reportsDir), runId)
    const shown = await writeHtmlReport({
      input: {
        kind: 'run',
        title: set.label === runId ? `dyno run ${runId}` : `dyno run ${runId} (${set.label})`,
        results: set.results,
        comparisons,
        gate: gate({ comparisons, results: set.results }),
        resultsLocation: path.relative(io.cwd, set.source) || set.source,
      },
      file,
      resultsRoot: root,
      io,
      profiles: [...runDirsOf(set)].map(([result, runDir]) => ({ result, runDir })),
    })
    io.out(`Report: ${shown}\n`)
  }
  return EXIT.pass
}

/** A compare-refs run's report: HEAD against BASE, as `dyno compare-refs` wrote it. */
async function writeRefsReport(run: RefsRun, options: ReportOptions, root: string, io: CliIo): Promise<string> {
  const refs = run.meta.refs as NonNullable<RefsRun['meta']['refs']>
  const labels = { base: refLabel(refs.base), head: refLabel(refs.head) }
  const comparison = compareRefResults(run.base, run.head, labels, { added: run.meta.added, removed: run.meta.removed })
  const location = path.relative(io.cwd, run.dir) || run.dir
  return writeHtmlReport({
    input: {
      kind: 'compare',
      title: `dyno compare-refs ${labels.head} vs ${labels.base}`,
      base: { label: labels.base, results: run.base, location: path.join(location, 'base') },
      head: { label: labels.head, results: run.head, location: path.join(location, 'head') },
      comparison,
      gate: gate({ comparisons: comparison.comparisons, results: run.head }),
    },
    file:
      options.out !== undefined
        ? path.resolve(io.cwd, options.out)
        : runReportFile(reportsRoot(io.cwd, options.reports, io.env), run.meta.runId),
    resultsRoot: root,
    io,
    // HEAD's results carry the profiles of both builds (compare-refs --profile, or on regression).
    profiles: headProfiles(run.base, run.head, path.join(run.dir, 'head')),
  })
}
