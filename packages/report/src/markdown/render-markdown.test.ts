import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compareWithinRun, gate } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { fixtureCompare, fixtureRun, RUN_ID, referenceResult } from '../../test-fixtures/fixture-results.js'
import { collectWarnings } from '../format/collect-warnings.js'
import { claimRows } from '../format/format-claim.js'
import { palette } from '../terminal/colors.js'
import { renderVerdictTable } from '../terminal/render-verdicts.js'
import { type MarkdownInput, renderMarkdown } from './render-markdown.js'

/**
 * Golden tests: fixture results → the exact Markdown a pull request would show, committed in
 * golden/. A change to the output must be a deliberate one: regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run packages/report/src/markdown` and review the diff.
 */
function golden(name: string, actual: string): void {
  const file = fileURLToPath(new URL(`./golden/${name}`, import.meta.url))
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

function runInput(): MarkdownInput {
  const { results, comparisons, gate: outcome } = fixtureRun()
  return {
    title: `dyno run ${RUN_ID}`,
    comparisons,
    gate: outcome,
    warnings: collectWarnings({ results, comparisons }),
    claims: claimRows(results),
    reportLink: `reports/${RUN_ID}/index.html`,
  }
}

describe('renderMarkdown (golden files)', () => {
  it('renders a failing run: worst first, gate failures, warnings, seed claims, why inconclusive, report link', () => {
    golden('run.md', renderMarkdown(runInput()))
  })

  it('renders a comparison of two runs with added and removed scenarios and an environment note', () => {
    const { head, comparison, gate: outcome } = fixtureCompare()
    golden(
      'compare.md',
      renderMarkdown({
        title: 'dyno compare 20261124T091500Z-1a2b vs main',
        comparisons: comparison.comparisons,
        gate: outcome,
        added: comparison.added,
        removed: comparison.removed,
        warnings: collectWarnings({ results: head, comparisons: comparison.comparisons, environment: comparison.environment }),
        notes: comparison.environment.map((d) => `environment differs: ${d.field} ${d.base} vs ${d.head}`),
        reportLink: 'reports/compare/index.html',
      }),
    )
  })

  it('renders a clean passing run without empty sections', () => {
    const results = fixtureRun().results.filter((r) => r.scenario.id === 'import-pipeline/pattern-match')
    const comparisons = compareWithinRun(results)
    golden(
      'pass.md',
      renderMarkdown({
        title: 'dyno run',
        comparisons,
        gate: gate({ comparisons, results }),
        warnings: collectWarnings({ results, comparisons }),
        claims: claimRows(results),
      }),
    )
  })
})

describe('renderMarkdown and the terminal table', () => {
  it('list the same rows in the same order with the same verdict words', () => {
    const input = runInput()
    const markdownRows = renderMarkdown(input)
      .split('\n')
      .filter((l) => /^\| [✗?✓=] (regressed|inconclusive|improved|equivalent) \|/.test(l))
      .map((l) =>
        l
          .split(' | ')
          .slice(0, 4)
          .join(' ')
          .replace(/^\| /, '')
          .replace(/\\/g, '')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&'),
      )
    const terminalRows = renderVerdictTable(input.comparisons, palette(false))
      .split('\n')
      .slice(1)
      .filter((l) => /^ {2}[✗?✓=] (regressed|inconclusive|improved|equivalent) /.test(l))
      .map((l) =>
        l
          .trim()
          .split(/\s{2,}/)
          .slice(0, 4)
          .join(' '),
      )
    expect(markdownRows.length).toBeGreaterThan(5)
    expect(terminalRows).toEqual(markdownRows)
  })

  it('keeps text from results from breaking the table or injecting HTML', () => {
    const md = renderMarkdown(runInput())
    expect(md).not.toContain('<img')
    expect(md).toContain('&lt;img src=x onerror="window.pwned=1"&gt;')
  })

  it('lists each variant as a fraction of the reference variant, and nothing for scenarios without one', () => {
    const withReference = referenceResult()
    const results = [withReference, ...fixtureRun().results]
    const comparisons = compareWithinRun(results)
    const md = renderMarkdown({ title: 't', comparisons, gate: gate({ comparisons, results }), referenced: { results, side: 'HEAD' } })
    // The heading, a blank line, the list: up to the next blank line.
    const section = md.slice(md.indexOf('**Against the reference** (HEAD)')).split('\n\n').slice(0, 2).join('\n\n')
    const listed = section.split('\n').filter((line) => line.startsWith('- '))
    expect(listed[0]).toMatch(/^- accounts\/phases: baseline requestsPerSec = 0\.\d\d× /)
    // Brackets are escaped so Markdown cannot read the interval as a link.
    expect(listed[0]).toContain('; phase2 requestsPerSec = 0.71× \\[0.70, 0.72\\] of node-http-ceiling;')
    expect(listed[0]?.split(' of node-http-ceiling').length).toBe(1 + (withReference.references ?? []).length)
    expect(section).not.toContain('import-pipeline/')
    expect(renderMarkdown({ title: 't', comparisons, gate: gate({ comparisons, results }) })).not.toContain('Against the reference')
  })
})
