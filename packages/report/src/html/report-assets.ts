import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

/**
 * The chart library a report inlines. Rendering stays pure (`renderHtmlReport` takes the
 * assets as an argument, so tests can pass a stub); this is the one place that touches the
 * disk, and it reads library files, never a result.
 */
export interface ReportAssets {
  /** uPlot's IIFE bundle; it defines `window.uPlot`. */
  chartLib: string
  /** uPlot's stylesheet, inlined with the report's own styles. */
  chartCss: string
}

/**
 * uPlot's package has no `exports` map; its `main` is the CommonJS build, and the browser
 * bundle and stylesheet sit beside it in dist/. The licence banner stays; a source-map comment,
 * if a release adds one, is dropped: a report has no map file beside it.
 */
export async function loadReportAssets(): Promise<ReportAssets> {
  const dist = path.dirname(createRequire(import.meta.url).resolve('uplot'))
  const [chartLib, chartCss] = await Promise.all([
    readFile(path.join(dist, 'uPlot.iife.min.js'), 'utf8'),
    readFile(path.join(dist, 'uPlot.min.css'), 'utf8'),
  ])
  return { chartLib: chartLib.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), chartCss }
}
