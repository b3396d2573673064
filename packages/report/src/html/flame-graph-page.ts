import { createHash } from 'node:crypto'
import type { FlameNode, FunctionShareRecord } from '@dyno/core'
import { formatLocation, formatShare } from '../format/format-profile.js'
import { formatValue } from '../format/format-value.js'
import { type FlameUnit, FRAME_KIND_TEXT, type FrameKind, frameColor, renderFlameGraphSvg } from './flame-graph-svg.js'
import { html, trustedHtml } from './html-template.js'

/**
 * One variant's flame graph as a page of its own, written beside the run's HTML report and
 * linked from it. Self-contained and static: inline SVG and one stylesheet admitted by hash,
 * no script, so it opens from disk offline and can load nothing. Beside the graph: the GC and
 * event-loop figures of the profiled work, and the functions with the most self time.
 */
export interface FlameGraphPageInput {
  title: string
  subtitle: string
  tree: FlameNode
  unit: FlameUnit
  /** Figures shown above the graph, e.g. GC pause and event-loop use. */
  figures: readonly { label: string; value: string }[]
  topFunctions?: readonly FunctionShareRecord[]
  /** Links shown above the graph: back to the report, the raw profile (relative hrefs). */
  links: readonly { label: string; href: string }[]
  generatedAt?: string
}

const STYLES = `
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1f24; }
header { padding: 14px 20px; background: #f5f6f8; border-bottom: 1px solid #d6dae0; }
h1 { margin: 0 0 4px; font-size: 20px; }
h2 { font-size: 16px; margin: 20px 0 6px; }
main { padding: 4px 20px 40px; }
.muted { color: #5b636e; }
nav a { margin-right: 16px; color: #0b5cad; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid #d6dae0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.graph { overflow-x: auto; border: 1px solid #d6dae0; margin: 10px 0; }
svg.flame { display: block; font: 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
svg.flame text { fill: #1b1f24; pointer-events: none; }
svg.flame g:hover rect { stroke: #1b1f24; stroke-width: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12.5px; margin: 6px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; border: 1px solid #9aa1aa; }
`

const LEGEND_SAMPLES: Record<FrameKind, { name: string; location: string }> = {
  own: { name: 'work', location: 'src/work.ts' },
  dependency: { name: 'dep', location: 'node_modules/x/index.js' },
  node: { name: 'read', location: 'node:fs' },
  gc: { name: '(garbage collector)', location: '' },
  v8: { name: '(program)', location: '' },
}

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`
}

export function renderFlameGraphPage(input: FlameGraphPageInput): string {
  // A swatch's colour is an SVG attribute, not a style, so the CSP needs no 'unsafe-inline'.
  const legend = (Object.keys(FRAME_KIND_TEXT) as FrameKind[]).map(
    (kind) =>
      html`<span><svg width="12" height="12" class="swatch" aria-hidden="true"><rect width="12" height="12" fill="${frameColor(LEGEND_SAMPLES[kind])}"></rect></svg>${FRAME_KIND_TEXT[kind]}</span>`,
  )
  const total = input.tree.total
  const topRows = (input.topFunctions ?? []).map(
    (f) =>
      html`<tr><td>${f.functionName}</td><td><code>${formatLocation(f.url, f.line)}</code></td><td class="num">${formatValue(f.selfMs, 'ms')}</td><td class="num">${formatShare(f.share)}</td></tr>`,
  )
  const csp = ["default-src 'none'", `style-src ${cspHash(STYLES)}`, "img-src 'none'", "base-uri 'none'", "form-action 'none'"].join('; ')
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trustedHtml(csp)}">
<meta name="generator" content="dyno">
<title>${input.title}</title>
<style>${trustedHtml(STYLES)}</style>
</head>
<body>
<header><h1>${input.title}</h1><div class="muted">${input.subtitle}${input.generatedAt ? ` · generated ${input.generatedAt}` : ''}</div></header>
<main>
${input.links.length > 0 ? html`<nav>${input.links.map((l) => html`<a href="${l.href}">${l.label}</a>`)}</nav>` : ''}
${
  input.figures.length > 0
    ? html`<h2>Figures of the profiled work</h2><table><tbody>${input.figures.map((f) => html`<tr><th scope="row">${f.label}</th><td class="num">${f.value}</td></tr>`)}</tbody></table>`
    : ''
}
<h2>Flame graph</h2>
<p class="muted">Callers above callees; a box's width is the ${input.unit === 'us' ? 'time' : 'memory allocated'} in that function and below it (${input.unit === 'us' ? formatValue(total, 'us') : formatValue(total, 'bytes')} in all). Hover a box for its figures. V8 counts a function it inlined into its caller as part of the caller.</p>
<div class="legend">${legend}</div>
<div class="graph">${renderFlameGraphSvg(input.tree, input.unit, input.title)}</div>
${
  topRows.length > 0
    ? html`<h2>Most self time</h2><table><thead><tr><th>function</th><th>where</th><th>self time</th><th>share of samples</th></tr></thead><tbody>${topRows}</tbody></table>`
    : ''
}
</main>
</body>
</html>
`
  return page.text
}
