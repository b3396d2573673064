import { defineScenario, micro, throughput } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { applyProjectBudgets } from './apply-project-budgets.js'
import { runSettings } from './run-settings.js'
import { defaultSettings } from './validate-config.js'

const settings = {
  ...defaultSettings('/p'),
  threshold: 0.03,
  minRounds: 12,
  maxRounds: 40,
  timeBudgetMs: 5000,
  strict: true,
  report: false,
}

describe('settings of a run', () => {
  it('take the config where no flag is given, and defaults where neither is', () => {
    expect(runSettings({}, settings)).toEqual({
      session: { threshold: 0.03, minRounds: 12, maxRounds: 40, timeBudgetMs: 5000 },
      strict: true,
      report: false,
    })
    expect(runSettings({}, defaultSettings('/p'))).toEqual({ session: {}, strict: false, report: true })
  })

  it('let every flag win over the config, --threshold over per-metric thresholds too, and --rounds over adaptive bounds', () => {
    const withMetrics = { ...settings, metrics: { peakRssBytes: { gated: true, threshold: 0.2 }, cpuMs: { threshold: 0.3 } } }
    expect(runSettings({ threshold: 0.1, rounds: 6, timeBudget: 900, strict: false, report: true }, withMetrics)).toEqual({
      session: { threshold: 0.1, metricDefaults: { peakRssBytes: { gated: true } }, rounds: 6, timeBudgetMs: 900 },
      strict: false,
      report: true,
    })
    expect(runSettings({}, withMetrics).session.metricDefaults).toEqual(withMetrics.metrics)
    expect(runSettings({ maxRounds: 20 }, { ...settings, rounds: 5 }).session).toMatchObject({ minRounds: 12, maxRounds: 20 })
    expect(runSettings({ maxRounds: 20 }, { ...settings, rounds: 5 }).session.rounds).toBeUndefined()
  })
})

describe('project budgets', () => {
  const op = { prepare: () => () => 1 }
  const fast = defineScenario({
    id: 'lib/fast',
    description: 'd',
    runner: micro(),
    variants: { before: { ...op, baseline: true }, after: op },
  })
  const job = defineScenario({
    id: 'jobs/import',
    description: 'd',
    runner: throughput({ unit: 'rows', units: 1 }),
    variants: { a: { ...op, baseline: true }, b: op },
    budgets: [{ metric: 'rowsPerSec', min: 10 }],
  })
  const loaded = [
    { scenario: fast, sourceFile: null },
    { scenario: job, sourceFile: null },
  ]

  it('go to the scenarios that measure the metric, match the selectors and have the variant, after their own', () => {
    const budgets = [
      { metric: 'nsPerOp', max: 1000, scenarios: [] },
      { metric: 'rowsPerSec', min: 100, variant: 'b', scenarios: ['jobs'] },
      { metric: 'rowsPerSec', min: 5, variant: 'after', scenarios: [] },
      { metric: 'peakRssBytes', max: 1e9, scenarios: ['lib/*'] },
    ]
    const [a, b] = applyProjectBudgets(loaded, budgets)
    expect(a?.scenario.budgets).toEqual([{ metric: 'nsPerOp', max: 1000 }])
    expect(b?.scenario.budgets).toEqual([
      { metric: 'rowsPerSec', min: 10 },
      { metric: 'rowsPerSec', min: 100, variant: 'b' },
    ])
    expect(job.budgets).toHaveLength(1)
  })
})
