import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { runScenario } from '../orchestrate/run-scenario.js'
import { resolveScenario, scenarioProblems } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import type { ResultFile } from '../schema/result-file.js'
import { resultProblems } from '../schema/validate-result.js'
import { decodeHistogram, mergeHistograms, percentileUs } from '../stats/latency-histogram.js'
import { closedModel, httpLoad, openModel } from './http-load-spec.js'
import type { ServerSpec } from './http-server-spec.js'
import { loadBudget } from './load-budget.js'

/** http-load scenarios through the orchestrator: interleaved rounds, statistics, budgets, schema. */
const FIXTURE = fileURLToPath(new URL('../../test-fixtures/http-servers.mjs', import.meta.url))
const echo = (options: object = {}): ServerSpec => ({ module: FIXTURE, export: 'createEchoServer', options })
const environment = collectFingerprint({ cwd: process.cwd() })

function run(scenario: AnyScenario, rounds = 3): Promise<ResultFile> {
  return runScenario(resolveScenario(scenario), {
    runId: '20261123T000000Z-ab12',
    seed: 11,
    quick: false,
    rounds,
    warmupRounds: 0,
    environment,
  })
}

const quickClosed = httpLoad({
  load: closedModel({ connections: 2, durationMs: 300 }),
  routes: [{ name: 'ok', path: '/ok' }],
  windowMs: 100,
  warmupMs: 50,
})

describe('an http-load scenario', () => {
  it('pairs variants by round and keeps windows, within-round intervals and pooled figures in a schema-valid result', async () => {
    const result = await run(
      defineScenario({
        id: 'test/echo',
        description: 'two echo servers',
        runner: quickClosed,
        variants: { first: { baseline: true, server: echo() }, second: { server: () => echo() } },
        budgets: [loadBudget('errors < 0.1%')],
      }) as AnyScenario,
    )
    expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
    expect(result.outcome).toBe('completed')
    expect(result.scenario.runner).toMatchObject({ kind: 'http-load', options: { model: 'closed', connections: 2, mix: 'GET /ok ×1' } })
    expect(result.scenario.metrics[0]).toMatchObject({ name: 'throughputRps', gated: true })
    const throughput = result.comparisons.find((c) => c.metric.name === 'throughputRps')
    expect(throughput).toMatchObject({ pairing: 'paired-rounds', pairs: 3 })
    for (const variant of result.variants) {
      expect(variant.rounds).toHaveLength(3)
      for (const round of variant.rounds) {
        expect(round.load?.windows).toHaveLength(3)
        const interval = round.load?.intervals.p99LatencyUs
        expect(interval?.low).toBeLessThanOrEqual(interval?.high ?? Number.NaN)
        expect(round.values.p99LatencyUs).toBeGreaterThan(0)
      }
      // Pooled p99 = the p99 of every window of every round merged, never a mean of p99s.
      const all = mergeHistograms(variant.rounds.flatMap((r) => r.load?.windows ?? []).map((w) => decodeHistogram(w.histogram)))
      expect(variant.pooled?.values.p99LatencyUs).toBe(percentileUs(all, 99))
      expect(variant.pooled?.rounds).toBe(3)
      expect(variant.pooled?.intervals.throughputRps).toBeDefined()
      expect(decodeHistogram(variant.pooled?.histogram ?? '').totalCount).toBe(all.totalCount)
    }
    expect(result.budgets.map((b) => b.status)).toEqual(['pass', 'pass'])
  })

  it('combines absolute budgets with relative verdicts: a variant failing every other request breaks errors < 1%', async () => {
    const result = await run(
      defineScenario({
        id: 'test/flaky',
        description: 'healthy vs flaky',
        runner: quickClosed,
        variants: { healthy: { baseline: true, server: echo() }, flaky: { server: echo({ failEvery: 2 }) } },
        budgets: [loadBudget('errors < 1%'), loadBudget('throughput > 1/s', { variant: 'healthy' })],
        metrics: { errorRate: { gated: true } },
      }) as AnyScenario,
    )
    const checks = result.budgets.map((b) => [b.variant, b.budget.metric, b.status])
    expect(checks).toEqual([
      ['healthy', 'errorRate', 'pass'],
      ['flaky', 'errorRate', 'fail'],
      ['healthy', 'throughputRps', 'pass'],
    ])
    const flaky = result.variants.find((v) => v.name === 'flaky')
    expect(flaky?.pooled?.values.errorRate).toBeGreaterThan(0.4)
    expect(flaky?.rounds[0]?.load?.errorsByClass).toHaveProperty('status-503')
    const errorVerdict = result.comparisons.find((c) => c.metric.name === 'errorRate' && c.head.variant === 'flaky')
    expect(errorVerdict?.metric.gated).toBe(true)
    expect(errorVerdict?.head.median).toBeGreaterThan(0.4)
  })

  it('marks a variant whose server never answers successfully as invalid instead of fast', async () => {
    const result = await run(
      defineScenario({
        id: 'test/failing',
        description: 'healthy vs failing',
        runner: quickClosed,
        variants: { healthy: { baseline: true, server: echo() }, failing: { server: echo({ failAll: true }) } },
      }) as AnyScenario,
      1,
    )
    const failing = result.variants.find((v) => v.name === 'failing')
    expect(failing?.status).toBe('invalid')
    expect(failing?.statusReason).toMatch(/no request succeeded \(status-503 ×\d+\)/)
    expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
  })

  it('records a server that cannot start as an errored variant with its reason', async () => {
    const result = await run(
      defineScenario({
        id: 'test/broken',
        description: 'healthy vs broken',
        runner: quickClosed,
        variants: { healthy: { baseline: true, server: echo() }, broken: { server: { module: FIXTURE, export: 'createBrokenServer' } } },
      }) as AnyScenario,
      1,
    )
    expect(result.variants.find((v) => v.name === 'broken')?.statusReason).toMatch(/database file \/var\/lib\/app.db is missing/)
  })

  it('reports every problem of a bad http-load definition at once', () => {
    const problems = scenarioProblems({
      id: 'test/bad',
      description: 'bad',
      runner: httpLoad({
        load: openModel({ rate: -5, durationMs: 1000, maxConnections: 0 }),
        routes: [
          { name: 'a', path: 'no-slash' },
          { name: 'a', path: '/', weight: 0 },
        ],
        windowMs: 1,
      }),
      variants: { one: { baseline: true, server: echo() }, two: { prepare: () => () => 1 } },
      budgets: [{ metric: 'serverPeakRssBytes', statistic: 'pooled', max: 1 }],
    } as AnyScenario)
    expect(problems.join('\n')).toMatch(/rate must be a positive number/)
    expect(problems.join('\n')).toMatch(/maxConnections must be a whole number/)
    expect(problems.join('\n')).toMatch(/path must start with '\/'/)
    expect(problems.join('\n')).toMatch(/route name 'a' is used twice/)
    expect(problems.join('\n')).toMatch(/weight must be a positive number/)
    expect(problems.join('\n')).toMatch(/windowMs must be at least 10 ms/)
  })

  it('keeps load bounded: an hour-long round in 10 ms windows, or a billion requests, is refused', () => {
    const problems = (runner: ReturnType<typeof httpLoad>) =>
      scenarioProblems({
        id: 'test/huge',
        description: 'huge',
        runner,
        variants: { one: { baseline: true, server: echo() }, two: { server: echo() } },
      } as AnyScenario).join('\n')
    const routes = [{ name: 'ok', path: '/ok' }]
    expect(problems(httpLoad({ load: closedModel({ connections: 1, durationMs: 3_600_000 }), routes, windowMs: 10 }))).toMatch(
      /360000 windows per round; at most 3600/,
    )
    expect(problems(httpLoad({ load: openModel({ rate: 1_000_000, durationMs: 3_600_000 }), routes, windowMs: 60_000 }))).toMatch(
      /schedules 3600000000 requests per round/,
    )
    expect(problems(httpLoad({ load: closedModel({ connections: 1, durationMs: 7_200_000 }), routes, windowMs: 60_000 }))).toMatch(
      /at most an hour/,
    )
  })

  it('requires a server, not prepare(), of http-load variants, and pools only poolable metrics', () => {
    const problems = scenarioProblems({
      id: 'test/bad',
      description: 'bad',
      runner: quickClosed,
      variants: { one: { baseline: true, server: echo() }, two: { prepare: () => () => 1 } },
      budgets: [{ metric: 'serverPeakRssBytes', statistic: 'pooled', max: 1 }],
    } as AnyScenario)
    expect(problems).toEqual([
      "scenario 'test/bad': variant 'two' needs server: { module, export?, options? } (http-load variants name a server, not prepare())",
      "scenario 'test/bad': budgets[0] asks for the pooled serverPeakRssBytes, but only p50LatencyUs, p95LatencyUs, p99LatencyUs, throughputRps, errorRate, droppedRate, lateRate can be pooled",
    ])
  })
})
