import type { Comparison, GateResult, SuiteRun } from '@dyno/core'
import type { CliIo } from '../io.js'
import { displayPath, reportsRoot, runReportFile } from './reports-location.js'
import { type WrittenHtmlReport, writeHtmlReportFiles } from './write-html-report.js'

/**
 * The report `dyno run` ends with: reports/<run-id>/index.html. The results are already safe
 * on disk by then, so a report that cannot be written is reported on stderr and does not change
 * the run's exit code (`dyno report` can write it later); it returns undefined in that case.
 */
export interface RunReportJob {
  run: Pick<SuiteRun, 'runId' | 'runDir' | 'results'>
  comparisons: readonly Comparison[]
  gate: GateResult
  reports: string | undefined
  /** The project's reports directory (dyno.config.ts `reportsDir`), below --reports and $DYNO_REPORTS_DIR. */
  configuredReports?: string
  /** The results root the run was written under; its baselines/ become the history. */
  resultsDir: string
  io: CliIo
}

export async function writeRunReport(job: RunReportJob): Promise<WrittenHtmlReport | undefined> {
  const { io, run } = job
  try {
    return await writeHtmlReportFiles({
      input: {
        kind: 'run',
        title: `dyno run ${run.runId}`,
        results: run.results,
        comparisons: job.comparisons,
        gate: job.gate,
        resultsLocation: displayPath(io.cwd, run.runDir),
      },
      file: runReportFile(reportsRoot(io.cwd, job.reports, io.env, job.configuredReports), run.runId),
      resultsRoot: job.resultsDir,
      io,
      profiles: run.results.map((result) => ({ result, runDir: run.runDir })),
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.err(
      `dyno: the HTML report was not written: ${message}\n  hint: the results are saved; run \`dyno report ${run.runId}\` to try again\n`,
    )
    return undefined
  }
}
