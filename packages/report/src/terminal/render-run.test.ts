import { compareWithinRun, gate } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { fixtureRun, referenceResult } from '../../test-fixtures/fixture-results.js'
import { renderRunSummary } from './render-run.js'

describe('the dyno run summary', () => {
  it('prints each variant as a fraction of the scenario’s reference, with its interval', () => {
    const result = referenceResult()
    const comparisons = compareWithinRun([result])
    const text = renderRunSummary([result], comparisons, gate({ comparisons, results: [result] }), { color: false, runDir: 'results/x' })
    const lines = text.split('\n').filter((line) => line.startsWith('  reference  '))
    expect(lines).toHaveLength(3)
    const phase2 = result.references?.find((f) => f.variant === 'phase2')
    expect(phase2?.estimate).toBeGreaterThan(0.6)
    expect(phase2?.estimate).toBeLessThan(0.8)
    expect(lines).toContain(
      `  reference  phase2 requestsPerSec = ${phase2?.estimate.toFixed(2)}× [${phase2?.low?.toFixed(2)}, ${phase2?.high?.toFixed(2)}] of node-http-ceiling`,
    )
    expect(lines[0]).toMatch(/^ {2}reference {2}baseline requestsPerSec = 0\.\d\d× \[0\.\d\d, 0\.\d\d\] of node-http-ceiling$/)
  })

  it('prints no reference line for scenarios without a reference', () => {
    const { results, comparisons, gate: outcome } = fixtureRun()
    expect(renderRunSummary(results, comparisons, outcome, { color: false, runDir: 'results/x' })).not.toMatch(/^ {2}reference /m)
  })
})
