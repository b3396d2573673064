// @dyno/report: pure renderers. They turn results and comparisons into text; they never
// measure, read result files or print. (loadReportAssets reads the chart library's bundle,
// which renderHtmlReport then takes as an argument.)

export { bySeverity, collectWarnings, type ReportWarning, type WarningSources } from './format/collect-warnings.js'
export {
  formatChange,
  formatDetectable,
  formatFactor,
  formatP,
  formatPercent,
  formatSubject,
  VERDICT_SYMBOL,
} from './format/format-change.js'
export {
  CLAIM_SYMBOL,
  type ClaimRow,
  claimRows,
  claimStatusText,
  formatClaimMeasured,
  formatClaimRange,
  QUICK_CLAIM_NOTE,
} from './format/format-claim.js'
export {
  formatChangeLocation,
  formatGc,
  formatLocation,
  formatOverhead,
  formatShare,
  formatShareChange,
  functionLabel,
  type MeasuredVariants,
  measuredVariantOf,
  splitChanges,
  triggerText,
  withinSamplingNoise,
} from './format/format-profile.js'
export { formatValue } from './format/format-value.js'
export { renderTable, visibleLength } from './format/text-table.js'
export { countVerdicts, orderComparisons, severity, type VerdictCounts } from './format/verdict-order.js'
export { type FlameGraphPageInput, renderFlameGraphPage } from './html/flame-graph-page.js'
export { type FlameUnit, frameKind } from './html/flame-graph-svg.js'
export { escapeHtml } from './html/html-template.js'
export { renderHtmlReport } from './html/render-html-report.js'
export { type ProfileReportInput, renderProfileReport } from './html/render-profile-report.js'
export { loadReportAssets, type ReportAssets } from './html/report-assets.js'
export type {
  CompareReportInput,
  HistoryEntry,
  HtmlReportInput,
  ProfileLinkResolver,
  ProfileLinkSet,
  ResultSetInput,
  RunReportInput,
} from './html/report-input.js'
export { escapeMarkdown, type MarkdownInput, renderMarkdown } from './markdown/render-markdown.js'
export { renderSite } from './site/render-site.js'
export type { SiteInput, SitePage, SiteRun } from './site/site-input.js'
export { scenarioPagePath } from './site/site-paths.js'
export { type Palette, palette } from './terminal/colors.js'
export { type RenderCompareOptions, renderCompareSummary } from './terminal/render-compare.js'
export { type ProfileItem, type RenderProfilesOptions, renderProfileItems, renderProfiles } from './terminal/render-profiles.js'
export { type RenderRunOptions, renderGateLine, renderRunSummary } from './terminal/render-run.js'
export { renderVerdictTable } from './terminal/render-verdicts.js'
