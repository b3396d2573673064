import { describe, expect, it } from 'vitest'
import { ENVIRONMENT, fixtureRun } from '../../test-fixtures/fixture-results.js'
import { collectWarnings } from './collect-warnings.js'

describe('collectWarnings', () => {
  it('lists errors first, then warnings, then notes, each once', () => {
    const { results, comparisons } = fixtureRun()
    const warnings = collectWarnings({ results, comparisons })
    expect(warnings.map((w) => w.severity)).toEqual(
      [...warnings.map((w) => w.severity)].sort(
        (a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b),
      ),
    )
    // The orchestrator already recorded the invalid variant; it is not listed twice.
    expect(warnings.filter((w) => w.variant === 'batched-no-verify')).toHaveLength(1)
    expect(warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining([
        'variant-invalid',
        'implausible-speed',
        'scenario-errored',
        'busy-machine',
        'stopped-time-budget',
        'variant-skipped',
      ]),
    )
  })

  it('adds variants that failed when the result file did not record a warning for them', () => {
    const { results } = fixtureRun()
    const stripped = results.map((r) => ({ ...r, warnings: [] }))
    const invalid = collectWarnings({ results: stripped }).find((w) => w.code === 'variant-invalid')
    expect(invalid).toMatchObject({ severity: 'error', scenarioId: 'sync-engine/full-sync', variant: 'batched-no-verify' })
  })

  it('warns when the results of one run come from different machines', () => {
    const { results } = fixtureRun()
    const mixed = results.map((r, i) => (i === 0 ? { ...r, environment: { ...ENVIRONMENT, machineId: 'another' } } : r))
    expect(collectWarnings({ results: mixed }).map((w) => w.code)).toContain('mixed-environments')
    expect(collectWarnings({ results }).map((w) => w.code)).not.toContain('mixed-environments')
  })

  it('turns blocking environment differences into warnings and notable ones into notes, labelled with their origin', () => {
    const warnings = collectWarnings({
      results: [],
      environment: [
        { field: 'cpu.model', base: 'A', head: 'B', severity: 'blocking' },
        { field: 'os.release', base: '6.1', head: '6.2', severity: 'notable' },
      ],
    })
    expect(warnings.map((w) => [w.severity, w.message.split(' —')[0]])).toEqual([
      ['warning', 'cpu.model differs: A (base) vs B (head)'],
      ['info', 'os.release differs: 6.1 (base) vs 6.2 (head)'],
    ])
    const { results } = fixtureRun()
    expect(collectWarnings({ results, origin: 'base' }).every((w) => w.origin === 'base')).toBe(true)
  })
})
