import path from 'node:path'
import type { ResultFile, VariantResult } from '@dyno/core'
import { type HtmlReportInput, loadReportAssets, renderHtmlReport } from '@dyno/report'
import type { CliIo } from '../io.js'
import { loadBaselineHistory } from '../results/load-history.js'
import { displayPath } from './reports-location.js'
import { resultProfileSource, writeFlameGraphs } from './write-flame-graphs.js'
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
  /**
   * The run directory of each result that may carry a profile (and, in a comparison, its side):
   * their flame graphs are written beside the report and linked from it.
   */
  profiles?: readonly { result: ResultFile; runDir: string; side?: string; measuredBase?: readonly VariantResult[] }[]
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
  const sources = new Map(
    (job.profiles ?? []).flatMap(({ result, runDir, side, measuredBase }) => {
      const source = resultProfileSource(result, runDir, side, measuredBase)
      return source === null ? [] : [[result, source] as const]
    }),
  )
  const flames = sources.size === 0 ? null : await writeFlameGraphs([...sources.values()], path.dirname(job.file), job.io.cwd)
  for (const note of flames?.notes ?? []) job.io.err(`dyno: note: ${note}\n`)
  const flameGraphs = new Map<ResultFile, Map<string, string>>()
  for (const [result, source] of sources) {
    const pages = new Map<string, string>()
    for (const [label, w] of flames?.written.get(source) ?? []) if (w.page !== null) pages.set(label, w.page)
    flameGraphs.set(result, pages)
  }
  const runIds =
    job.input.kind === 'run'
      ? job.input.results.map((r) => r.runId)
      : [...job.input.base.results, ...job.input.head.results].map((r) => r.runId)
  const history = await loadBaselineHistory(job.resultsRoot, [...new Set(runIds)])
  for (const name of history.unreadable)
    job.io.err(`dyno: note: baseline '${name}' could not be read and is left out of the report's history\n`)
  const input =
    flames === null
      ? job.input
      : {
          ...job.input,
          profileLinks: (result: ResultFile, label: string) => {
            const source = sources.get(result)
            return source === undefined ? null : (flames.written.get(source)?.get(label)?.links ?? null)
          },
        }
  const html = renderHtmlReport({ ...input, history: history.entries, generatedAt: new Date().toISOString() }, await loadReportAssets())
  await writeReportFile(job.file, html)
  return { shown: displayPath(job.io.cwd, job.file), flameGraphs }
}
