import { fileURLToPath } from 'node:url'
import {
  type AnyScenario,
  closedModel,
  collectFingerprint,
  type HttpLoadRunnerSpec,
  referenceFraction,
  resolveScenario,
  resultProblems,
  runScenario,
  type ServerSpec,
  scenarioProblems,
  type VariantContext,
} from '@dyno/core'
import { describe, expect, it } from 'vitest'
import phases from './phases.scenario.js'
import sqliteSplit from './sqlite-split.scenario.js'

function serverOf(scenario: AnyScenario, variant: string): ServerSpec {
  const server = scenario.variants[variant]?.server
  if (server === undefined) throw new Error(`${variant} has no server`)
  const context = { quick: true, tempDir: '/tmp/accounts-test', seed: 1, databases: {}, variant } as unknown as VariantContext
  return typeof server === 'function' ? server(undefined, context) : server
}

async function runOnce(scenario: AnyScenario, file: string) {
  const result = await runScenario(resolveScenario(scenario, { sourceFile: fileURLToPath(new URL(file, import.meta.url)) }), {
    runId: '20261123T000000Z-acc7',
    seed: 1,
    quick: true,
    rounds: 1,
    warmupRounds: 0,
    environment: collectFingerprint({ cwd: process.cwd() }),
  })
  expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
  return result
}

describe('accounts/phases', () => {
  it("is a valid scenario whose four phases start @sut/account-service's matching variants beside the node:http ceiling", () => {
    expect(scenarioProblems(phases as AnyScenario)).toEqual([])
    for (const variant of ['baseline', 'phase1', 'phase2', 'phase3']) {
      const server = serverOf(phases as AnyScenario, variant)
      expect(server.module).toMatch(/account-service\/dist\/index\.js$/)
      expect(server.options).toMatchObject({ variant, preload: { accounts: 1000 } })
    }
    expect(serverOf(phases as AnyScenario, 'node-http-ceiling').module).toMatch(/http-reference\/dist\/index\.js$/)
  })

  it('serves the whole mix without an error in every phase, and reports throughput as a fraction of the ceiling', async () => {
    // A short fixed-size load instead of the scenario's timed one keeps the test quick.
    const runner: HttpLoadRunnerSpec = { ...phases.runner, load: closedModel({ connections: 16, requests: 1500 }) } as HttpLoadRunnerSpec
    const result = await runOnce({ ...phases, runner } as AnyScenario, './phases.scenario.ts')
    expect(result.variants.map((v) => [v.name, v.status, v.statusReason])).toEqual(
      ['baseline', 'phase1', 'phase2', 'phase3', 'node-http-ceiling'].map((name) => [name, 'completed', null]),
    )
    for (const variant of result.variants) expect(variant.rounds[0]?.values['errorRate'], variant.name).toBe(0)
    const fraction = referenceFraction(result, { variant: 'phase2', reference: 'node-http-ceiling' })
    expect(fraction?.pairs).toBe(1)
    expect(fraction?.estimate).toBeGreaterThan(0)
    // The ceiling is the scenario's reference: the result holds every phase's fraction of it.
    expect(result.scenario.referenceVariant).toBe('node-http-ceiling')
    expect(result.references?.map((f) => [f.variant, f.metric])).toEqual(
      ['baseline', 'phase1', 'phase2', 'phase3'].map((name) => [name, 'throughputRps']),
    )
    expect(result.references?.find((f) => f.variant === 'phase2')?.estimate).toBe(fraction?.estimate)
  })
})

describe('accounts/sqlite-split', () => {
  it('is a valid scenario giving each variant its own database file in the temp dir', () => {
    expect(scenarioProblems(sqliteSplit as AnyScenario)).toEqual([])
    expect(serverOf(sqliteSplit as AnyScenario, 'sqlite-single').options).toMatchObject({
      variant: 'sqlite-single',
      sqlite: { file: '/tmp/accounts-test/sqlite-single.db' },
    })
    expect(serverOf(sqliteSplit as AnyScenario, 'sqlite-split').options).toMatchObject({
      variant: 'sqlite-split',
      sqlite: { file: '/tmp/accounts-test/sqlite-split.db' },
    })
  })

  it('counts SQLITE_BUSY answers as lock errors: the single-connection store has them, the split store none', async () => {
    const result = await runOnce(sqliteSplit as AnyScenario, './sqlite-split.scenario.ts')
    const [single, split] = result.variants
    expect([single?.status, split?.status]).toEqual(['completed', 'completed'])
    expect(single?.rounds[0]?.load?.errorsByClass['lock-error'] ?? 0).toBeGreaterThan(0)
    expect(split?.rounds[0]?.load?.errorsByClass['lock-error'] ?? 0).toBe(0)
    expect(split?.rounds[0]?.values['throughputRps']).toBeGreaterThan(0)
  })
})
