import { createHash } from 'node:crypto'
import type { ProfileRecord } from '@dyno/core'
import { html, trustedHtml } from './html-template.js'
import { renderProfileRecord } from './profile-section.js'
import type { ProfileLinkSet } from './report-input.js'
import { REPORT_STYLES } from './report-styles.js'

/**
 * The page `dyno profile` writes: for each scenario profiled, its profile record as the run
 * report shows it (variants, files, GC and event-loop figures, differential view), plus the
 * notices of the session (e.g. clinic's state) and links to any further reports. Static: the
 * report's stylesheet admitted by hash, no script, nothing fetched.
 */
export interface ProfileReportInput {
  title: string
  subtitle: string
  scenarios: readonly {
    scenarioId: string
    description: string
    record: ProfileRecord
    links: (label: string) => ProfileLinkSet | null
  }[]
  notices: readonly string[]
  /** Further reports, e.g. clinic's, relative to the page. */
  extraLinks: readonly { label: string; href: string }[]
  generatedAt?: string
}

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`
}

export function renderProfileReport(input: ProfileReportInput): string {
  const csp = ["default-src 'none'", `style-src ${cspHash(REPORT_STYLES)}`, "img-src 'none'", "base-uri 'none'", "form-action 'none'"].join(
    '; ',
  )
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trustedHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dyno">
<title>${input.title}</title>
<style>${trustedHtml(REPORT_STYLES)}</style>
</head>
<body>
<header class="top"><h1>${input.title}</h1><div class="muted">${input.subtitle}${input.generatedAt ? ` · generated ${input.generatedAt}` : ''}</div></header>
<main>
${input.notices.length > 0 ? html`<ul class="small">${input.notices.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
${input.extraLinks.length > 0 ? html`<p>${input.extraLinks.map((l, i) => html`${i > 0 ? ' · ' : ''}<a href="${l.href}">${l.label}</a>`)}</p>` : ''}
${input.scenarios.map(
  (s) => html`<section class="scenario"><h2>${s.scenarioId}</h2><p class="description">${s.description}</p>
${renderProfileRecord({ record: s.record, sideLabel: null, measured: [], links: s.links })}</section>`,
)}
<footer><p class="small muted">Written by <code>dyno profile</code>. The raw profiles open in Chrome DevTools (Performance or Memory panel), VS Code or speedscope.</p></footer>
</main>
</body>
</html>
`
  return page.text
}
