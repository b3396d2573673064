import { compareRuns, gate } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { fixtureCompare, referenceResult } from '../../test-fixtures/fixture-results.js'
import { renderCompareSummary } from './render-compare.js'

describe('the dyno compare summary', () => {
  it('prints each head variant against the reference, with the base side’s fraction beside it', () => {
    const base = referenceResult()
    const head = referenceResult()
    // HEAD's phase2 reaches a larger share of the ceiling than BASE's.
    head.references = (head.references ?? []).map((f) => (f.variant === 'phase2' ? { ...f, estimate: 0.8, low: 0.78, high: 0.82 } : f))
    const comparison = compareRuns([base], [head], { base: 'main', head: 'branch' })
    const text = renderCompareSummary(comparison, gate({ comparisons: comparison.comparisons, results: [head] }), {
      color: false,
      baseLabel: 'main',
      headLabel: 'branch',
      results: { base: [base], head: [head] },
    })
    const lines = text.split('\n').filter((line) => line.startsWith('  reference  '))
    expect(lines).toHaveLength(3)
    const before = base.references?.find((f) => f.variant === 'phase2')
    expect(lines).toContain(
      `  reference  accounts/phases  phase2 requestsPerSec = 0.80× [0.78, 0.82] of node-http-ceiling (head), ${before?.estimate.toFixed(2)}× [${before?.low?.toFixed(2)}, ${before?.high?.toFixed(2)}] (base)`,
    )
  })

  it('prints no reference lines when no scenario has a reference, or without the results', () => {
    const { base, head, comparison, gate: outcome } = fixtureCompare()
    const options = { color: false, baseLabel: 'main', headLabel: 'branch' }
    expect(renderCompareSummary(comparison, outcome, { ...options, results: { base, head } })).not.toMatch(/^ {2}reference /m)
    const withReference = compareRuns([referenceResult()], [referenceResult()], { base: 'main', head: 'branch' })
    expect(renderCompareSummary(withReference, outcome, options)).not.toMatch(/^ {2}reference /m)
  })
})
