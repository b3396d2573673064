import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HOSTILE_DESCRIPTION } from '../../test-fixtures/fixture-results.js'
import { siteFixture } from '../../test-fixtures/site-fixture.js'
import { renderSite } from './render-site.js'
import { scenarioPagePath } from './site-paths.js'

const assets = { chartLib: '/* uPlot stub */ window.uPlot = function () {};', chartCss: '' }
const input = siteFixture()
const pages = renderSite(input, assets)
const page = (p: string) => pages.find((x) => x.path === p)?.html ?? ''
const scenarioIds = [...new Set(input.runs.flatMap((r) => r.results.map((x) => x.scenario.id)))].sort()

function chartSpecs(
  html: string,
): Record<string, { x: { labels: string[] }; y: { title: string }; series: { label: string; band?: unknown }[] }> {
  const json = /<script type="application\/json" id="dyno-charts">([\s\S]*?)<\/script>/.exec(html)?.[1]
  return json === undefined ? {} : JSON.parse(json)
}

function links(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'))
}

describe('the published site', () => {
  it('has an index and one page per scenario', () => {
    expect(pages.map((p) => p.path).sort()).toEqual(['index.html', ...scenarioIds.map(scenarioPagePath)].sort())
  })

  it('lists every run on the index, newest first, with its date, git ref, baselines, verdict counts and gate', () => {
    const index = page('index.html')
    const order = input.runs
      .map((r) => r.runId)
      .sort()
      .reverse()
    const positions = order.map((id) => index.indexOf(`<code>${id}</code>`))
    expect(positions.every((p) => p > 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(index).toContain('2026-11-23 10:56 UTC')
    expect(index).toContain('<code>8d1e0c1b5f</code> feature/faster')
    expect(index).toMatch(/<td>main<\/td>/)
    expect(index).toMatch(/verdict-regressed.*?<\/span> 1/)
    expect(index.match(/gate failed/g)).toHaveLength(input.runs.length)
    expect(index).toContain('results/20261120T000000Z-dead')
  })

  it('charts every metric of every scenario over all its runs, with an interval band per variant', () => {
    for (const id of scenarioIds) {
      const html = page(scenarioPagePath(id))
      const specs = Object.values(chartSpecs(html))
      const runs = input.runs.filter((r) => r.results.some((x) => x.scenario.id === id))
      const measured = runs.flatMap((r) => r.results.filter((x) => x.scenario.id === id))
      // Every metric that some run has a value of; a scenario whose setup always failed has none.
      const metrics = new Set(
        measured.flatMap((x) => x.variants.flatMap((v) => Object.keys(v.summaries).filter((m) => (v.summaries[m]?.n ?? 0) > 0))),
      )
      expect(specs.map((s) => s.y.title.split(' ')[1]).sort(), id).toEqual([...metrics].sort())
      expect(html.match(/<section class="metric"/g), id).toHaveLength(
        new Set(measured.flatMap((x) => x.scenario.metrics.map((m) => m.name))).size,
      )
      for (const spec of specs) {
        expect(spec.x.labels, id).toHaveLength(runs.length)
        expect(spec.series.length, id).toBeGreaterThan(0)
        for (const series of spec.series) expect(series.band, `${id} ${series.label}`).toBeDefined()
      }
    }
    const pattern = chartSpecs(page(scenarioPagePath('import-pipeline/pattern-match')))
    expect(Object.values(pattern)[0]?.x.labels).toEqual([
      '2c6c607 (v0.1)',
      '2c6c607 (v0.2)',
      '2c6c607 (v0.3)',
      '2c6c607 (main)',
      '8d1e0c1',
      '8d1e0c1*',
    ])
    expect(Object.keys(chartSpecs(page(scenarioPagePath('sync-engine/incremental'))))).toEqual([])
  })

  it('links only to its own pages and to the run reports, by relative paths', () => {
    const known = new Set([...pages.map((p) => p.path), ...input.runs.map((r) => r.reportHref)])
    for (const { path: from, html } of pages) {
      for (const href of links(html)) {
        if (href.startsWith('#')) continue
        expect(href, `${from} → ${href}`).not.toMatch(/^[a-z]+:|^\//)
        expect(known.has(path.posix.normalize(path.posix.join(path.posix.dirname(from), href))), `${from} → ${href}`).toBe(true)
      }
    }
  })

  it('names runs from another machine, and keeps hostile text as text', () => {
    const html = page(scenarioPagePath('import-pipeline/pattern-match'))
    expect(html).toContain('Measured on another machine than the latest run: 8d1e0c1.')
    expect(page('index.html')).not.toContain(HOSTILE_DESCRIPTION)
    for (const { html: text } of pages) expect(text).not.toContain('<script>window.pwned')
  })

  it('loads nothing: a strict policy, no external URL, script only on pages with charts', () => {
    for (const { path: p, html } of pages) {
      expect(html, p).toContain("default-src 'none'")
      expect(html, p).not.toMatch(/(src|href)="(https?:)?\/\//)
    }
    expect(page('index.html')).toContain("script-src 'none'")
    expect(page('index.html')).not.toContain('<script')
  })
})
