import { type HtmlReportInput, loadReportAssets, renderHtmlReport } from '@dyno/report'
import type { CliIo } from '../io.js'
import { loadBaselineHistory } from '../results/load-history.js'
import { displayPath } from './reports-location.js'
import { writeReportFile } from './write-report-file.js'

/**
 * Renders an HTML report with the saved baselines as history and writes it. The one place the
 * CLI turns results into a report file, for `run`, `report` and `compare`.
 */
export interface HtmlReportJob {
  /** The report without history; the baselines under `resultsRoot` are added here. */
  input: HtmlReportInput
  file: string
  resultsRoot: string
  io: CliIo
}

/** Returns the written file as the user should see it. */
export async function writeHtmlReport(job: HtmlReportJob): Promise<string> {
  const runIds =
    job.input.kind === 'run'
      ? job.input.results.map((r) => r.runId)
      : [...job.input.base.results, ...job.input.head.results].map((r) => r.runId)
  const history = await loadBaselineHistory(job.resultsRoot, [...new Set(runIds)])
  for (const name of history.unreadable)
    job.io.err(`dyno: note: baseline '${name}' could not be read and is left out of the report's history\n`)
  const html = renderHtmlReport({ ...job.input, history: history.entries, generatedAt: new Date().toISOString() }, await loadReportAssets())
  await writeReportFile(job.file, html)
  return displayPath(job.io.cwd, job.file)
}
