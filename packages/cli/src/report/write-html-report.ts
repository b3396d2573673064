import path from 'node:path'
import type { ResultFile } from '@dyno/core'
import { type HtmlReportInput, loadReportAssets, renderHtmlReport } from '@dyno/report'
import type { CliIo } from '../io.js'
import { loadBaselineHistory } from '../results/load-history.js'
import { displayPath } from './reports-location.js'
import { type ProfileSource, writeFlameGraphs } from './write-flame-graphs.js'
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
  /** Results with profiles and their run directories: their flame graphs are written beside the report and linked. */
  profiles?: readonly ProfileSource[]
}

export interface WrittenHtmlReport {
  /** The report as the user should see it. */
  shown: string
  /** Flame graph pages written, by result and profiled label (absolute paths). */
  flameGraphs: Map<ResultFile, Map<string, string>>
}

/** Returns the written file as the user should see it. */
export async function writeHtmlReport(job: HtmlReportJob): Promise<string> {
  return (await writeHtmlReportFiles(job)).shown
}

export async function writeHtmlReportFiles(job: HtmlReportJob): Promise<WrittenHtmlReport> {
  const flames =
    job.profiles === undefined || job.profiles.every((s) => s.result.profile === undefined)
      ? null
      : await writeFlameGraphs(job.profiles, path.dirname(job.file), job.io.cwd)
  for (const note of flames?.notes ?? []) job.io.err(`dyno: note: ${note}\n`)
  const runIds =
    job.input.kind === 'run'
      ? job.input.results.map((r) => r.runId)
      : [...job.input.base.results, ...job.input.head.results].map((r) => r.runId)
  const history = await loadBaselineHistory(job.resultsRoot, [...new Set(runIds)])
  for (const name of history.unreadable)
    job.io.err(`dyno: note: baseline '${name}' could not be read and is left out of the report's history\n`)
  const input = flames === null ? job.input : { ...job.input, profileLinks: flames.links }
  const html = renderHtmlReport({ ...input, history: history.entries, generatedAt: new Date().toISOString() }, await loadReportAssets())
  await writeReportFile(job.file, html)
  return { shown: displayPath(job.io.cwd, job.file), flameGraphs: flames?.files ?? new Map() }
}
