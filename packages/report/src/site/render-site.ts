import { ChartCollector } from '../html/chart-spec.js'
import { renderHtmlPage } from '../html/html-page.js'
import { html } from '../html/html-template.js'
import type { ReportAssets } from '../html/report-assets.js'
import { renderScenarioPage } from './render-scenario-page.js'
import { renderSiteIndex } from './render-site-index.js'
import { scenarioHistory, scenarioIds } from './scenario-history.js'
import type { SiteInput, SitePage } from './site-input.js'
import { relativeHref, scenarioPagePath } from './site-paths.js'

/**
 * A static site of a project's benchmark history (asv's `publish`): an index of runs and
 * scenarios, and one page per scenario with every metric over the runs. Pages link to each
 * other and to each run's report by relative paths only, carry their data inline and load
 * nothing, so the directory works from file://, and as-is on any static host such as GitHub
 * Pages. The run reports themselves are written by the caller (see SiteRun.reportHref).
 */
export function renderSite(input: SiteInput, assets: ReportAssets): SitePage[] {
  const histories = scenarioIds(input.runs).map((id) => scenarioHistory(input.runs, id))
  const generated = input.generatedAt ? ` · generated ${input.generatedAt.slice(0, 16).replace('T', ' ')} UTC` : ''
  const pages: SitePage[] = [
    {
      path: 'index.html',
      html: renderHtmlPage(
        {
          title: input.title,
          subtitle: `${input.runs.length} run${input.runs.length === 1 ? '' : 's'} · ${histories.length} scenario${histories.length === 1 ? '' : 's'}${generated}`,
          nav: html`<nav class="toc" aria-label="Contents"><ul><li><a href="#scenarios">Scenarios</a></li><li><a href="#runs">Runs</a></li></ul></nav>`,
          main: renderSiteIndex(input, histories),
        },
        assets,
      ),
    },
  ]
  for (const history of histories) {
    const path = scenarioPagePath(history.id)
    const charts = new ChartCollector()
    const main = renderScenarioPage(charts, history)
    pages.push({
      path,
      html: renderHtmlPage(
        {
          title: history.id,
          subtitle: `${input.title}${generated}`,
          nav: html`<nav class="toc" aria-label="Contents"><ul><li><a href="${relativeHref(path, 'index.html')}">All scenarios and runs</a></li>${history.metrics.map((m) => html`<li><a href="#metric-${m.name}">${m.name}</a></li>`)}</ul></nav>`,
          main,
          charts,
        },
        assets,
      ),
    })
  }
  return pages
}
