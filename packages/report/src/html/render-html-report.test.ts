import { createHash } from 'node:crypto'
import { compareRuns, compareWithinRun, gate, resultProblems } from '@dyno/core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fixtureCompare,
  fixtureHistory,
  fixtureRun,
  HOSTILE_DESCRIPTION,
  HOSTILE_VARIANT,
  largeRun,
  RUN_ID,
} from '../../test-fixtures/fixture-results.js'
import { fullSuiteWorstCase, SUITE_SHAPES } from '../../test-fixtures/full-suite.js'
import { renderHtmlReport } from './render-html-report.js'
import { loadReportAssets, type ReportAssets } from './report-assets.js'

let assets: ReportAssets
beforeAll(async () => {
  assets = await loadReportAssets()
})

function runReport(): string {
  const { results, comparisons, gate: outcome } = fixtureRun()
  return renderHtmlReport(
    {
      kind: 'run',
      title: `dyno run ${RUN_ID}`,
      results,
      comparisons,
      gate: outcome,
      history: fixtureHistory(),
      generatedAt: '2026-11-23T11:00:00Z',
    },
    assets,
  )
}

function compareReport(): string {
  const { base, head, comparison, gate: outcome } = fixtureCompare()
  return renderHtmlReport(
    {
      kind: 'compare',
      title: 'dyno compare',
      base: { label: 'main', results: base },
      head: { label: 'head', results: head },
      comparison,
      gate: outcome,
    },
    assets,
  )
}

/** Text of the summary's verdict table rows, in page order: "verdict|scenario|variant|metric". */
function verdictRows(page: string): string[] {
  const table = /<table class="verdicts">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? ''
  return [...table.matchAll(/<tr class="row-[^"]*">([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] as string).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)]
      .slice(0, 4)
      .map((c) =>
        (c[1] as string)
          .replace(/<div[\s\S]*?<\/div>/g, '')
          .replace(/<[^>]+>/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join('|'),
  )
}

describe('the fixtures', () => {
  it('are valid result files, so the report is tested on data dyno could have written', () => {
    const { base, head } = fixtureCompare()
    const all = [...fixtureRun().results, ...base, ...head, ...fixtureHistory().flatMap((h) => h.results), ...largeRun(1)]
    for (const result of all) expect(resultProblems(JSON.parse(JSON.stringify(result))), result.scenario.id).toEqual([])
  })
})

describe('renderHtmlReport for one run', () => {
  it('leads with the summary: the gate, the warnings, then the verdicts worst first with failed variants on top', () => {
    const page = runReport()
    const summary = page.indexOf('id="summary"')
    expect(summary).toBeGreaterThan(0)
    expect(summary).toBeLessThan(page.indexOf('class="scenario"'))
    expect(page).toContain('gate failed')
    const rows = verdictRows(page)
    expect(rows.slice(0, 3)).toEqual([
      '⚠ invalid|sync-engine/full-sync|batched-no-verify|verify: 1,204 of 50,000 rows missing in the target table',
      '⚠ could not run|sync-engine/incremental|–|cannot reach MySQL at 127.0.0.1:3306 (ECONNREFUSED)',
      '✗ regressed|account-service/get-account|sqlite-wal vs memory|p99LatencyUs',
    ])
    // Inconclusive next, the larger apparent change first.
    expect(rows[3]).toMatch(/^\? inconclusive\|account-service\/get-account\|/)
    expect(rows[4]).toMatch(/^\? inconclusive\|import-pipeline\/zip-extract\|/)
    // Every comparison has its row: 14 comparisons plus the two that could not be compared.
    expect(rows).toHaveLength(fixtureRun().comparisons.length + 2)
  })

  it('puts each seed claim beside the measured ratio, with its status in words', () => {
    const page = runReport()
    expect(page).toMatch(
      /claim-confirmed"><span aria-hidden="true">✓<\/span> confirmed<\/span><div class="small">claimed ≤ 0\.654; measured 0\.06\d\d×/,
    )
    expect(page).toContain('<span aria-hidden="true">✗</span> contradicted</span>')
  })

  it('shows warnings before any figure: implausible speed, invalid variants, setup failures, early stops', () => {
    const page = runReport()
    const warnings = page.indexOf('id="warnings"')
    expect(warnings).toBeLessThan(page.indexOf('<table class="verdicts">'))
    const box = page.slice(warnings, page.indexOf('</div>', page.indexOf('</ul>', warnings)))
    for (const code of ['implausible-speed', 'variant-invalid', 'scenario-errored', 'busy-machine', 'stopped-time-budget'])
      expect(box).toContain(code)
    expect(box).toContain('3 errors, 3 warnings')
  })

  it('renders a hostile variant name and description as text, never as markup', () => {
    const page = runReport()
    expect(page).not.toContain(HOSTILE_VARIANT)
    expect(page).not.toContain('<img')
    expect(page).not.toContain(HOSTILE_DESCRIPTION)
    expect(page).toContain('&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;')
    expect(page).toContain('Extract &lt;/script&gt;&lt;script&gt;window.pwned=2&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; entries')
    // The only script elements are the page's own three (chart data, uPlot, drawing code).
    expect(page.match(/<script/gi)).toHaveLength(3)
    expect(page.match(/<\/script/gi)).toHaveLength(3)
  })

  it('escapes a hostile scenario id too, though the schema would refuse one', () => {
    const { results } = fixtureRun()
    const first = results[0] as (typeof results)[number]
    const hostile = { ...first, scenario: { ...first.scenario, id: '<script>window.pwned=3</script>/x' } }
    const comparisons = compareWithinRun([hostile])
    const page = renderHtmlReport(
      { kind: 'run', title: hostile.scenario.id, results: [hostile], comparisons, gate: gate({ comparisons, results: [hostile] }) },
      assets,
    )
    expect(page).not.toContain('<script>window.pwned')
    expect(page).toContain('&lt;script&gt;window.pwned=3&lt;/script&gt;/x')
  })

  it('allows only its own inline script and style, by hash, and nothing from the network', () => {
    const page = runReport()
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? ''
    expect(csp).toContain("default-src 'none'")
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string)
    expect(scripts).toHaveLength(2)
    for (const body of scripts) expect(csp).toContain(`'sha256-${createHash('sha256').update(body).digest('base64')}'`)
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? ''
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`)
    // Outside the two scripts (whose code the CSP governs), nothing that could load anything.
    const markup = page.replace(/<script>[\s\S]*?<\/script>/g, '')
    expect(markup).not.toMatch(/\s(src|href|action|srcset|poster|data)="(?!#)/i)
    expect(markup).not.toMatch(/@import|url\(|<link|<iframe|<object|<embed/i)
  })

  it('draws a distribution and a per-round series for every metric, with resources for throughput and load views for load scenarios', () => {
    const page = runReport()
    const section = (id: string) => {
      const start = page.indexOf(`>${id}</h2>`)
      return page.slice(start, page.indexOf('</section>', start))
    }
    const sync = section('sync-engine/full-sync')
    expect(sync).toContain('Resources: time, CPU, memory, GC, event loop')
    expect(sync.match(/<svg class="distribution"/g)).toHaveLength(6)
    for (const m of ['peakRssBytes', 'cpuMs', 'gcPauseMs', 'eventLoopUtilization']) expect(sync).toContain(`<h4>${m} `)
    const load = section('account-service/get-account')
    expect(load).toContain('<h3>Load</h3>')
    expect(load).toContain('Latency percentile curve')
    expect(load).toContain('requestsPerSec over time')
    expect(section('import-pipeline/pattern-match')).not.toContain('<h3>Load</h3>')
    const specs = JSON.parse(/<script type="application\/json" id="dyno-charts">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '{}') as Record<
      string,
      unknown
    >
    const canvases = [...page.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1] as string)
    expect(canvases.length).toBeGreaterThan(15)
    expect(Object.keys(specs).sort()).toEqual([...canvases].sort())
  })

  it('charts each headline metric across saved baselines when there are any, and not otherwise', () => {
    const page = runReport()
    // Four of the five scenarios: the fifth (setup failed) has no medians to chart.
    expect(page.match(/<h3>History<\/h3>/g)).toHaveLength(4)
    expect(page).toContain('<th scope="col">v0.1</th><th scope="col">v0.2</th><th scope="col">v0.3</th><th scope="col">this run</th>')
    const { results, comparisons, gate: outcome } = fixtureRun()
    expect(renderHtmlReport({ kind: 'run', title: 't', results, comparisons, gate: outcome }, assets)).not.toContain('<h3>History</h3>')
  })

  it('stays far below 1 MB for a run of 15 scenarios with 20 rounds each and ten saved baselines', () => {
    const results = largeRun(3)
    const comparisons = compareWithinRun(results)
    const history = Array.from({ length: 10 }, (_, i) => ({ label: `v1.${i}`, results: largeRun(3) }))
    const page = renderHtmlReport(
      { kind: 'run', title: 'large', results, comparisons, gate: gate({ comparisons, results }), history },
      assets,
    )
    const bytes = Buffer.byteLength(page, 'utf8')
    expect(results).toHaveLength(15)
    expect(bytes).toBeLessThan(1024 * 1024)
    expect(bytes).toBeLessThan(800 * 1024)
  })

  it('stays under 1 MB for the largest full run the shipped suite can make, with ten saved baselines', () => {
    const results = fullSuiteWorstCase()
    const comparisons = compareWithinRun(results)
    // The history chart reads one median per baseline: ten copies of the run are as large as ten runs.
    const history = Array.from({ length: 10 }, (_, i) => ({ label: `v1.${i}`, results }))
    const page = renderHtmlReport(
      { kind: 'run', title: 'full suite', results, comparisons, gate: gate({ comparisons, results }), history },
      assets,
    )
    expect(results).toHaveLength(SUITE_SHAPES.length)
    // Every load view drew from the windows and the merged histograms.
    expect(page.match(/time window, from the start of the measured load/g)).toHaveLength(5)
    expect(page.match(/percentile of all requests in the run/g)).toHaveLength(5)
    expect(Buffer.byteLength(page, 'utf8')).toBeLessThan(1024 * 1024)
  })

  it('ignores per-round data it does not know, such as per-window histograms a load runner may add', () => {
    const { results, comparisons, gate: outcome } = fixtureRun()
    const withWindows = results.map((r) => ({
      ...r,
      variants: r.variants.map((v) => ({
        ...v,
        rounds: v.rounds.map((round) => ({ ...round, windows: [{ startMs: 0, durationMs: 1000, histogram: 'HISTFAAAAC...' }] })),
      })),
    }))
    const plain = renderHtmlReport({ kind: 'run', title: 't', results, comparisons, gate: outcome }, assets)
    expect(renderHtmlReport({ kind: 'run', title: 't', results: withWindows, comparisons, gate: outcome }, assets)).toBe(plain)
  })

  it('is deterministic: the same results give the same bytes', () => {
    expect(runReport()).toBe(runReport())
  })
})

describe('renderHtmlReport for a comparison', () => {
  it('lists every HEAD variant against itself in BASE, plus what was added or removed', () => {
    const rows = verdictRows(compareReport())
    expect(rows).toContain('⚠ added|import-pipeline/list-remote|–|only in head: there is nothing to compare it with')
    expect(rows).toContain('⚠ removed|sync-engine/incremental|–|only in base: head did not run it')
    expect(rows).toContain(
      '⚠ invalid in head|sync-engine/full-sync|batched-no-verify|verify: 1,204 of 50,000 rows missing in the target table',
    )
    expect(rows.find((r) => r.includes('✗ regressed'))).toBe('✗ regressed|import-pipeline/pattern-match|compiled-once|nsPerOp')
  })

  it('shows both environments side by side and highlights what differs', () => {
    const page = compareReport()
    const env = page.slice(page.indexOf('id="environment"'))
    expect(env).toContain('<th scope="col">base: main</th><th scope="col">head: head</th>')
    expect(env).toMatch(
      /<tr class="env-differs env-notable"><th scope="row">runtime\.node <span class="badge verdict-inconclusive">differs<\/span><\/th><td>20\.20\.2<\/td><td>20\.21\.0<\/td><\/tr>/,
    )
    expect(env).toMatch(
      /<tr class="env-differs env-notable"><th scope="row">git\.branch[\s\S]*?<td>feature\/&lt;b&gt;faster&lt;\/b&gt;<\/td>/,
    )
    expect(env).toMatch(/<tr><th scope="row">cpu\.model<\/th>/)
  })

  it('marks a blocking environment difference as such and warns about it in the summary', () => {
    const { base, head } = fixtureCompare()
    const moved = head.map((r) => ({ ...r, environment: { ...r.environment, cpu: { ...r.environment.cpu, model: 'Intel Xeon' } } }))
    const comparison = compareRuns(base, moved, { base: 'main', head: 'elsewhere' })
    const page = renderHtmlReport(
      {
        kind: 'compare',
        title: 'moved',
        base: { label: 'main', results: base },
        head: { label: 'elsewhere', results: moved },
        comparison,
        gate: gate({ comparisons: comparison.comparisons, results: moved }),
      },
      assets,
    )
    expect(page).toMatch(/<tr class="env-differs env-blocking"><th scope="row">cpu\.model <span class="badge verdict-regressed">/)
    const warnings = page.slice(page.indexOf('id="warnings"'), page.indexOf('<table class="verdicts">'))
    expect(warnings).toContain('cpu.model differs: AMD EPYC 7B13 (base) vs Intel Xeon (head)')
  })

  it('draws BASE hollow and HEAD solid in the same colour per variant', () => {
    const page = compareReport()
    const start = page.indexOf('>import-pipeline/pattern-match</h2>')
    const svg = page.slice(page.indexOf('<svg class="distribution"', start), page.indexOf('</svg>', start))
    expect(svg).toContain('compiled-once · base')
    expect(svg).toContain('compiled-once · head')
    expect(svg).toMatch(/<rect class="box"[^>]*fill="none"[^>]*stroke="#0072B2"/)
    expect(svg).toMatch(/<rect class="box"[^>]*fill="#0072B2"/)
  })
})
