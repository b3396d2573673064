import { resultProblems } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { HOSTILE_FUNCTION, withProfile } from '../../test-fixtures/fixture-profile.js'
import { fixtureRun } from '../../test-fixtures/fixture-results.js'
import { renderMarkdown } from '../markdown/render-markdown.js'
import { renderHtmlReport } from './render-html-report.js'

const assets = { chartLib: 'window.uPlot = function () {}', chartCss: '' }

function profiledRun() {
  const run = fixtureRun()
  const [first, ...rest] = run.results
  if (first === undefined) throw new Error('empty fixture')
  return { ...run, profiled: withProfile(first), results: [withProfile(first), ...rest] }
}

describe('profiles in the HTML report', () => {
  it('uses a profile record that is valid in a result file', () => {
    expect(resultProblems(JSON.parse(JSON.stringify(profiledRun().results[0])))).toEqual([])
  })

  it('shows the differential view, GC beside each profile, and links the flame graphs beside the report', () => {
    const run = profiledRun()
    const page = renderHtmlReport(
      {
        kind: 'run',
        title: 'profiled',
        results: run.results,
        comparisons: run.comparisons,
        gate: run.gate,
        profileLinks: (result, label) =>
          result.scenario.id === run.results[0]?.scenario.id
            ? {
                flameGraph: `profiles/x/${label}.html`,
                cpuProfile: `../../results/r/${label}.cpuprofile`,
                heapProfile: null,
                heapFlameGraph: null,
              }
            : null,
      },
      assets,
    )
    expect(page).toContain('<h3>Profiles: where the time went</h3>')
    expect(page).toMatch(/Differential view — [^<]+ against [^<]+: share of self time \(3500 and 2000 samples\)/)
    // Increases first, the added function leading them.
    const rows = [...page.matchAll(/<tr class="row-(grew|shrank)( noise)?"><td>([^<]*)<\/td>/g)].map((m) => `${m[1]}${m[2] ?? ''}:${m[3]}`)
    expect(rows[0]).toBe('grew:distinctiveHotFunction')
    expect(rows).toContain('grew noise:tinyNoise')
    expect(rows.at(-1)).toBe('shrank:sharedWork')
    expect(page).toMatch(/<a href="profiles\/x\/[^"]+\.html">flame graph<\/a>/)
    expect(page).toContain('.cpuprofile</a>')
    expect(page).toContain('1.5 ms in 3 pauses')
    expect(page).toContain('ran 2.2% slower under the profiler (5 rounds)')
    expect(page).toContain('none of them is a sample of any chart or verdict above')
    expect(page).toContain('&lt;img src=x onerror=&quot;window.pwned=3&quot;&gt;')
    expect(page).not.toContain(HOSTILE_FUNCTION)
  })

  it('says where the time went in Markdown, names escaped', () => {
    const run = profiledRun()
    const md = renderMarkdown({ title: 't', comparisons: run.comparisons, gate: run.gate, profiled: run.results })
    expect(md).toMatch(/\*\*Where the time went\*\*/)
    expect(md).toMatch(/\*\*distinctiveHotFunction\*\* \+45\.0 pp \(0\.0% → 45\.0%, src\/work\.ts:20\)/)
    expect(md).not.toContain('<img')
  })
})
