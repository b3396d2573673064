import type { ClaimCheck } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { fixtureRun } from '../../test-fixtures/fixture-results.js'
import { renderMarkdown } from '../markdown/render-markdown.js'
import { claimRows, formatClaimMeasured } from './format-claim.js'

const check: ClaimCheck = {
  claim: { metric: 'rowsPerSec', variant: 'optimized', ratio: { min: 10, max: 30 }, source: 'seeds/000', text: '10–30× faster' },
  measured: { estimate: 4.2, low: 3.9, high: 4.6 },
  status: 'contradicted',
}

describe('seed claims from a --quick run', () => {
  it('are marked provisional, since quick budgets shrink the work the claim is about', () => {
    expect(formatClaimMeasured(check)).toBe('measured 4.20× [3.90, 4.60]')
    expect(formatClaimMeasured(check, true)).toBe('measured 4.20× [3.90, 4.60] (quick run: provisional)')
  })

  it('carry the run’s quick flag into every renderer that lists them', () => {
    const { results, comparisons, gate } = fixtureRun()
    const quick = results.map((r) => ({ ...r, session: { ...r.session, quick: true } }))
    expect(claimRows(results).every((row) => !row.quick)).toBe(true)
    expect(claimRows(quick).every((row) => row.quick)).toBe(true)
    const markdown = renderMarkdown({ title: 't', comparisons, gate, claims: claimRows(quick) })
    expect(markdown).toContain('(quick run: provisional)')
  })
})
