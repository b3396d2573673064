// @dyno/report: pure renderers. They turn results and comparisons into text; they never
// measure, read files or print.

export { formatChange, formatDetectable, formatFactor, formatP, formatPercent, VERDICT_SYMBOL } from './format/format-change.js'
export { formatValue } from './format/format-value.js'
export { renderTable, visibleLength } from './format/text-table.js'
export { countVerdicts, orderComparisons, severity, type VerdictCounts } from './format/verdict-order.js'
export { escapeMarkdown, type MarkdownInput, renderMarkdown } from './markdown/render-markdown.js'
export { type Palette, palette } from './terminal/colors.js'
export { type RenderCompareOptions, renderCompareSummary } from './terminal/render-compare.js'
export { type RenderRunOptions, renderGateLine, renderRunSummary } from './terminal/render-run.js'
export { renderVerdictTable } from './terminal/render-verdicts.js'
