import { createHash } from 'node:crypto'
import type { ChartCollector } from './chart-spec.js'
import { CLIENT_SCRIPT } from './client-script.js'
import { type Html, html, jsonForScript, scriptSafe, trustedHtml } from './html-template.js'
import type { ReportAssets } from './report-assets.js'
import { REPORT_STYLES } from './report-styles.js'

/**
 * The frame every dyno page shares (a run's report, a comparison, the pages of a published
 * site): inline styles, the chart specs as JSON, the inlined uPlot and the small client
 * script, under a Content-Security-Policy that allows exactly those scripts and styles by
 * hash and nothing else. So a page makes no network request at all, works from file://, and
 * even markup smuggled past the escaping could not run script.
 */
export interface HtmlPage {
  title: string
  /** Shown under the heading (e.g. "5 scenarios · run …"). */
  subtitle: Html | string
  nav: Html
  main: Html
  /**
   * Charts drawn on the page. Without a collector the page has no script at all; with one
   * (even empty) the client script runs and marks the title with ✓ when drawing finished.
   */
  charts?: ChartCollector
}

/** Hashes are base64 and the rest of the policy is constant, so the policy needs no escaping. */
function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`
}

export function renderHtmlPage(page: HtmlPage, assets: ReportAssets): string {
  const withCharts = page.charts !== undefined
  const chartLib = scriptSafe(assets.chartLib)
  const client = scriptSafe(CLIENT_SCRIPT)
  // uPlot's stylesheet rides in the page's one <style>, so one hash covers both.
  const styles = `${REPORT_STYLES}\n${assets.chartCss}`
  const csp = [
    "default-src 'none'",
    withCharts ? `script-src ${cspHash(chartLib)} ${cspHash(client)}` : "script-src 'none'",
    `style-src ${cspHash(styles)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  const scripts = withCharts
    ? html`<noscript><p class="script-error">Scripts are off: the tables and the distribution plots are complete, the line charts are not drawn.</p></noscript>`
    : html``
  const tail = withCharts
    ? html`<script type="application/json" id="dyno-charts">${trustedHtml(jsonForScript(page.charts?.specs ?? {}))}</script>
<script>${trustedHtml(chartLib)}</script>
<script>${trustedHtml(client)}</script>
`
    : html``
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trustedHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dyno">
<title>${page.title}</title>
<style>${trustedHtml(styles)}</style>
</head>
<body>
<header class="top"><h1>${page.title}</h1><div class="muted">${page.subtitle}</div></header>
<div id="script-error" class="script-error" role="alert" hidden></div>
${scripts}
${page.nav}
<main>
${page.main}
</main>
${tail}</body>
</html>
`.text
}
