/**
 * The report's stylesheet. System fonts only (no font files to fetch), colours with enough
 * contrast on white, and a print layout without the navigation.
 */
export const REPORT_STYLES = `
:root { --fg: #1b1f24; --muted: #5b636e; --line: #d6dae0; --bg-soft: #f5f6f8;
  --red: #b3261e; --red-bg: #fde8e7; --green: #1a7f37; --green-bg: #e3f5e8; --amber: #8a5a00; --amber-bg: #fff4d6;
  --grey-bg: #eceef1; --blue: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
header.top { padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--bg-soft); }
header.top h1 { margin: 0 0 4px; font-size: 22px; }
main { padding: 0 24px 48px; max-width: 1400px; }
.nowrap { white-space: nowrap; }
table.variants th[scope=row] { min-width: 14em; }
details.reasons { margin: 4px 0 12px; font-size: 13.5px; }
nav.toc { padding: 8px 24px; border-bottom: 1px solid var(--line); font-size: 14px; }
nav.toc ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
a { color: var(--blue); }
h2 { margin-top: 36px; padding-top: 8px; border-top: 2px solid var(--line); font-size: 20px; }
h3 { margin-top: 24px; font-size: 17px; }
h4 { margin: 16px 0 4px; font-size: 15px; }
code, .code { font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
.small { font-size: 12.5px; }
.why { max-width: 36em; margin-top: 2px; color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 12px 0; }
table { border-collapse: collapse; font-size: 13.5px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; vertical-align: top; padding: 5px 10px; border-bottom: 1px solid var(--line); }
thead th { background: var(--bg-soft); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.info td { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12.5px; white-space: nowrap; border: 1px solid transparent; }
.verdict-regressed, .claim-contradicted, .gate-fail, .verdict-failed { color: var(--red); background: var(--red-bg); border-color: var(--red); }
.verdict-improved, .claim-confirmed, .gate-pass { color: var(--green); background: var(--green-bg); border-color: var(--green); }
.verdict-inconclusive, .claim-not-confirmed { color: var(--amber); background: var(--amber-bg); border-color: var(--amber); }
.verdict-equivalent, .claim-not-measured { color: var(--fg); background: var(--grey-bg); border-color: var(--muted); }
tr.row-regressed, tr.row-failed { background: #fff8f7; }
.headline { font-size: 15px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.headline .badge { font-size: 15px; padding: 3px 12px; }
.callout { border: 2px solid; border-radius: 6px; padding: 8px 14px; margin: 12px 0; }
.callout h3 { margin: 4px 0; font-size: 16px; }
.callout ul { margin: 4px 0; padding-left: 20px; }
.callout-error { border-color: var(--red); background: var(--red-bg); }
.callout-warning { border-color: var(--amber); background: var(--amber-bg); }
li.warning-error strong { color: var(--red); }
li.warning-warning strong { color: var(--amber); }
.where { font-weight: 600; }
.status-bad { color: var(--red); }
.script-error { border: 2px solid var(--red); background: var(--red-bg); padding: 8px 14px; margin: 12px 24px; }
.session { margin: 4px 0; color: var(--muted); font-size: 13.5px; }
.panel-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px 24px; align-items: start; }
figure { margin: 8px 0; }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
.chart-box { position: relative; min-height: 260px; }
.chart-fallback { color: var(--muted); font-size: 0.85rem; }
.chart-box .u-legend { font-size: 12px; }
table.profile-diff tr.group th { background: var(--bg-soft); font-weight: 600; }
table.profile-diff tr.row-grew strong { color: var(--red); }
table.profile-diff tr.row-shrank strong { color: var(--green); }
table.profile-diff tr.noise td, table.profile-diff tr.noise strong { color: var(--muted); font-weight: normal; }
svg.distribution { width: 100%; max-width: 760px; height: auto; font-size: 11.5px; }
svg .grid { stroke: #e6e8eb; fill: none; }
svg .axis { stroke: #9aa1aa; }
svg .tick, svg .row-note { fill: var(--muted); }
svg .row-label { fill: var(--fg); }
svg .box { stroke-width: 1.2; }
svg .whisker { stroke-width: 1.2; }
svg .median { stroke-width: 3; }
svg .points { stroke-width: 5.4; stroke-linecap: round; stroke-opacity: 0.75; fill: none; }
svg .points-hole { stroke: white; stroke-width: 3.4; stroke-linecap: round; fill: none; }
tr.env-differs { background: var(--amber-bg); }
tr.env-blocking { background: var(--red-bg); }
table.environment th[scope=row] { font-weight: 500; white-space: nowrap; }
footer { margin-top: 40px; font-size: 12.5px; color: var(--muted); }
@media print { nav.toc { display: none; } .chart-box { min-height: 220px; } h2 { break-before: auto; } section.scenario { break-inside: avoid-page; } }
`
