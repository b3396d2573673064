import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { runScenario } from '../orchestrate/run-scenario.js'
import { closedModel, httpLoad } from '../runners/http-load-spec.js'
import type { ServerSpec } from '../runners/http-server-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import { resultProblems } from '../schema/validate-result.js'
import { functionCosts } from './function-costs.js'
import { profileAfterSession } from './profile-after-session.js'
import { profileScenario } from './profile-scenario.js'

/**
 * Profiling an http-load scenario profiles the server under test in its own process, where the
 * work the round measures runs, over the measured phase of the load only. The fixture's server
 * calls one busy function during the warm-up and another during the measured phase (see
 * test-fixtures/hot-server.mjs), so which phase the profile covers shows in its function names.
 */
const FIXTURE = fileURLToPath(new URL('../../test-fixtures/hot-server.mjs', import.meta.url))
const hotServer: ServerSpec = { module: FIXTURE, export: 'createHotServer', options: { work: 16 } }

const scenario = defineScenario({
  id: 'test/hot-server',
  description: 'a server that spends its time in a distinctively named function',
  runner: httpLoad({
    load: closedModel({ connections: 2, durationMs: 300 }),
    routes: [{ name: 'hot', path: '/' }],
    windowMs: 100,
    warmupMs: 150,
  }),
  variants: { base: { baseline: true, server: hotServer }, head: { server: hotServer } },
}) as AnyScenario

const runDir = mkdtempSync(path.join(os.tmpdir(), 'dyno-profile-http-'))
afterAll(() => rmSync(runDir, { recursive: true, force: true }))

describe('profiling an http-load scenario', () => {
  it('profiles the server process over the measured load: its busy function has samples, the warm-up’s has none', async () => {
    const profile = await profileScenario(resolveScenario(scenario, { sourceFile: null }), {
      seed: 3,
      quick: true,
      rounds: 2,
      variants: ['head'],
    })
    expect(profile.error).toBeNull()
    expect(profile.isolation).toBe('in-process')
    expect(profile.profiledProcess).toBe('server')
    const [variant] = profile.variants
    expect(variant?.status).toBe('profiled')
    expect(variant?.rounds).toHaveLength(2)
    expect(variant?.rounds.every((r) => (r.values.throughputRps ?? 0) > 0)).toBe(true)
    if (!variant?.cpu) throw new Error('the server was not profiled')
    const costs = functionCosts(variant.cpu)
    expect(costs.totalSamples).toBeGreaterThan(0)
    const names = costs.functions.map((f) => f.functionName)
    expect(names).toContain('distinctiveMeasuredServerWork')
    expect(names).not.toContain('distinctiveWarmUpServerWork')
  })

  it('`dyno run --profile` records the server’s profile in a schema-valid result that says the server was profiled', async () => {
    const resolved = resolveScenario(scenario, { sourceFile: null })
    const measured = await runScenario(resolved, {
      runId: '20261123T000000Z-cd34',
      seed: 4,
      quick: true,
      rounds: 2,
      warmupRounds: 0,
      environment: collectFingerprint({ cwd: process.cwd() }),
    })
    const profiled = await profileAfterSession({
      result: measured,
      resolved,
      runDir,
      cwd: process.cwd(),
      policy: { mode: 'always', rounds: 1 },
      quick: true,
    })
    const record = profiled.profile
    if (record === undefined) throw new Error('no profile record')
    expect(record.profiledProcess).toBe('server')
    expect(record.variants.map((v) => [v.label, v.status, v.rounds])).toEqual([
      ['base', 'profiled', 1],
      ['head', 'profiled', 1],
    ])
    for (const variant of record.variants) {
      expect(variant.samples).toBeGreaterThan(0)
      expect(variant.topFunctions.map((f) => f.functionName)).toContain('distinctiveMeasuredServerWork')
    }
    expect(resultProblems(JSON.parse(JSON.stringify(profiled)))).toEqual([])
  })
})
