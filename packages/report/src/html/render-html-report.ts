import type { ResultFile } from '@dyno/core'
import { bySeverity, collectWarnings } from '../format/collect-warnings.js'
import { ChartCollector } from './chart-spec.js'
import { type EnvironmentColumn, renderEnvironmentSection } from './environment-section.js'
import { renderHtmlPage } from './html-page.js'
import { type Html, html } from './html-template.js'
import type { PanelSide } from './panel-side.js'
import type { ReportAssets } from './report-assets.js'
import type { CompareReportInput, HtmlReportInput, RunReportInput } from './report-input.js'
import { renderScenarioSection } from './scenario-section.js'
import { renderSummarySection, type SummaryInput } from './summary-section.js'
import { uncomparedAcrossRuns, uncomparedInRun } from './uncompared-rows.js'

/**
 * One self-contained HTML page for a run or a comparison of two runs: the summary first,
 * then a section per scenario, then the environment, in the shared frame of html-page.ts
 * (everything inline, a Content-Security-Policy that admits only the page's own scripts).
 */
interface Page {
  title: string
  subtitle: string
  summary: SummaryInput
  scenarios: { id: string; anchor: string; sides: PanelSide[] }[]
  environment: EnvironmentColumn[]
  environmentDifferences: CompareReportInput['comparison']['environment']
  currentLabel: string
}

function anchorsFor(ids: readonly string[]): Map<string, string> {
  return new Map(ids.map((id, i) => [id, `scenario-${i + 1}`]))
}

/** Distinct machines of one run (load averages and per-scenario packages do not count). */
function runEnvironments(results: readonly ResultFile[]): EnvironmentColumn[] {
  const columns: { key: string; ids: string[]; result: ResultFile }[] = []
  for (const r of results) {
    const { loadAverage: _load, packages: _packages, ...rest } = r.environment
    const key = JSON.stringify(rest)
    const found = columns.find((c) => c.key === key)
    if (found) found.ids.push(r.scenario.id)
    else columns.push({ key, ids: [r.scenario.id], result: r })
  }
  return columns.map((c) => ({
    label: columns.length === 1 ? 'this run' : c.ids.join(', '),
    fingerprint: {
      ...c.result.environment,
      // Package versions of every scenario measured there, so none is hidden by the dedupe.
      packages: Object.assign({}, ...results.filter((r) => c.ids.includes(r.scenario.id)).map((r) => r.environment.packages)),
    },
  }))
}

function runPage(input: RunReportInput): Page {
  const ids = input.results.map((r) => r.scenario.id)
  const anchors = anchorsFor(ids)
  const runIds = [...new Set(input.results.map((r) => r.runId))]
  return {
    title: input.title,
    subtitle: `${input.results.length} scenario${input.results.length === 1 ? '' : 's'} · run ${runIds.join(', ')}`,
    summary: {
      mode: 'run',
      comparisons: input.comparisons,
      gate: input.gate,
      warnings: collectWarnings({ results: input.results, comparisons: input.comparisons }),
      results: input.results,
      uncompared: uncomparedInRun(input.results, input.comparisons),
      anchors,
    },
    scenarios: input.results.map((r) => ({
      id: r.scenario.id,
      anchor: anchors.get(r.scenario.id) as string,
      sides: [{ label: null, result: r, hollow: false }],
    })),
    environment: runEnvironments(input.results),
    environmentDifferences: [],
    currentLabel: runIds.length === 1 ? 'this run' : 'these runs',
  }
}

function comparePage(input: CompareReportInput): Page {
  const { base, head, comparison } = input
  const ids = [...head.results.map((r) => r.scenario.id), ...comparison.removed]
  const anchors = anchorsFor(ids)
  const warnings = bySeverity([
    ...collectWarnings({ results: head.results, comparisons: comparison.comparisons, environment: comparison.environment, origin: 'head' }),
    ...collectWarnings({ results: base.results, origin: 'base' }),
  ])
  const sidesFor = (id: string): PanelSide[] => {
    const sides: PanelSide[] = []
    const b = base.results.find((r) => r.scenario.id === id)
    const h = head.results.find((r) => r.scenario.id === id)
    if (b) sides.push({ label: 'base', result: b, hollow: true })
    if (h) sides.push({ label: 'head', result: h, hollow: false })
    return sides
  }
  const firstBase = base.results[0]
  const firstHead = head.results[0]
  return {
    title: input.title,
    subtitle: `head ${head.label} against base ${base.label}`,
    summary: {
      mode: 'compare',
      comparisons: comparison.comparisons,
      gate: input.gate,
      warnings,
      results: head.results,
      baseResults: base.results,
      uncompared: uncomparedAcrossRuns(base.results, head.results, comparison),
      anchors,
    },
    scenarios: ids.map((id) => ({ id, anchor: anchors.get(id) as string, sides: sidesFor(id) })),
    environment: [
      ...(firstBase ? [{ label: `base: ${base.label}`, fingerprint: firstBase.environment }] : []),
      ...(firstHead ? [{ label: `head: ${head.label}`, fingerprint: firstHead.environment }] : []),
    ],
    environmentDifferences: comparison.environment,
    currentLabel: `head (${head.label})`,
  }
}

export function renderHtmlReport(input: HtmlReportInput, assets: ReportAssets): string {
  const page = input.kind === 'run' ? runPage(input) : comparePage(input)
  const charts = new ChartCollector()
  const history = input.history ?? []
  const sections: Html[] = page.scenarios.map((s) =>
    renderScenarioSection(charts, {
      anchor: s.anchor,
      sides: s.sides,
      history,
      currentLabel: page.currentLabel,
      ...(input.profileLinks !== undefined ? { profileLinks: input.profileLinks } : {}),
    }),
  )
  const locations =
    input.kind === 'run'
      ? input.resultsLocation
      : [input.base.location && `base ${input.base.location}`, input.head.location && `head ${input.head.location}`]
          .filter(Boolean)
          .join('; ')
  return renderHtmlPage(
    {
      title: page.title,
      subtitle: `${page.subtitle}${input.generatedAt ? ` · generated ${input.generatedAt}` : ''}`,
      nav: html`<nav class="toc" aria-label="Contents"><ul><li><a href="#summary">Summary</a></li>${page.scenarios.map((s) => html`<li><a href="#${s.anchor}">${s.id}</a></li>`)}<li><a href="#environment">Environment</a></li></ul></nav>`,
      main: html`${renderSummarySection(page.summary)}
${sections}
${renderEnvironmentSection(page.environment, page.environmentDifferences)}
<footer><p>Rendered by dyno from result files alone${locations ? html` (<code>${locations}</code>)` : ''}; <code>dyno report</code> rebuilds it. Every point in every chart is a raw per-round sample from those files.</p></footer>`,
      charts,
    },
    assets,
  )
}
