import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

/**
 * The chart library a report inlines. Rendering stays pure (`renderHtmlReport` takes the
 * assets as an argument, so tests can pass a stub); this is the one place that touches the
 * disk, and it reads a library file, never a result.
 */
export interface ReportAssets {
  /** Chart.js UMD bundle; it defines `window.Chart`. */
  chartJs: string
}

/**
 * Chart.js's `exports` map does not expose its UMD bundle (`require.resolve('chart.js/dist/…')`
 * fails), so it is found beside the entry point that is exported. The source-map comment is
 * dropped: a report has no map file beside it, and a devtools user would see a failed load.
 */
export async function loadReportAssets(): Promise<ReportAssets> {
  const entry = createRequire(import.meta.url).resolve('chart.js')
  const file = path.join(path.dirname(entry), 'chart.umd.min.js')
  const source = await readFile(file, 'utf8')
  return { chartJs: source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n') }
}
