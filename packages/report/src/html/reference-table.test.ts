import { compareWithinRun, gate, resultProblems } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { fixtureRun, HOSTILE_VARIANT, RUN_ID, referenceResult } from '../../test-fixtures/fixture-results.js'
import { escapeHtml } from './html-template.js'
import { renderReferenceTable } from './reference-table.js'
import { renderHtmlReport } from './render-html-report.js'
import { loadReportAssets } from './report-assets.js'

describe('the reference table of a scenario section', () => {
  it('shows each variant as a fraction of the reference, with its interval, and escapes names', () => {
    const result = referenceResult()
    const table = renderReferenceTable([{ label: null, result, hollow: false }]).text
    expect(table).toContain('<caption>Against the reference: each variant as a fraction of node-http-ceiling</caption>')
    const rows = [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th>/g)].map((m) => m[1])
    expect(rows).toEqual(['baseline', 'phase2', escapeHtml(HOSTILE_VARIANT)])
    const phase2 = result.references?.find((f) => f.variant === 'phase2')
    expect(table).toContain(
      `<td class="num">${phase2?.estimate.toFixed(2)}×</td><td class="num">[${phase2?.low?.toFixed(2)}, ${phase2?.high?.toFixed(2)}]</td><td class="num">12</td>`,
    )
    expect(table).not.toContain(HOSTILE_VARIANT)
  })

  it('labels the rows with the side when two runs are shown', () => {
    const result = referenceResult()
    const table = renderReferenceTable([
      { label: 'base', result, hollow: true },
      { label: 'head', result, hollow: false },
    ]).text
    expect(table).toContain('<th scope="row">phase2 · base</th>')
    expect(table).toContain('<th scope="row">phase2 · head</th>')
  })

  it('renders nothing for a scenario without a reference', () => {
    const [result] = fixtureRun().results
    expect(result).toBeDefined()
    if (result !== undefined) expect(renderReferenceTable([{ label: null, result, hollow: false }]).text).toBe('')
  })

  it('sits in the scenario section of a run report, from a result that validates against the schema', async () => {
    const result = referenceResult()
    expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
    const comparisons = compareWithinRun([result])
    const page = renderHtmlReport(
      {
        kind: 'run',
        title: `dyno run ${RUN_ID}`,
        results: [result],
        comparisons,
        gate: gate({ comparisons, results: [result] }),
        generatedAt: '2026-11-23T11:00:00Z',
      },
      await loadReportAssets(),
    )
    const section = /<section id="[^"]*" class="scenario"[\s\S]*?<\/section>/.exec(page)?.[0] ?? ''
    expect(section).toContain('<table class="references">')
    expect(section.indexOf('<table class="variants">')).toBeLessThan(section.indexOf('<table class="references">'))
  })
})
