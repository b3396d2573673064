import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { micro } from '../runners/micro-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import { recordCheckoutProfiles } from './checkout-profiles.js'
import { profileScenario } from './profile-scenario.js'
import type { ScenarioProfile } from './scenario-profile.js'

/**
 * compare-refs profiles a scenario in two checkouts. Stand-in: one session profiles two
 * variants, and each plays the same variant ("work") in one checkout — the head's adds a hot
 * function, as a commit between the two refs would.
 */
function sharedWork(n: number): number {
  let x = 0
  for (let i = 0; i < n; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}

function distinctiveHotFunctionBetweenRefs(n: number): number {
  return n < 2 ? n : distinctiveHotFunctionBetweenRefs(n - 1) + distinctiveHotFunctionBetweenRefs(n - 2)
}

const scenario = defineScenario({
  id: 'test/two-refs',
  description: 'the work at two refs',
  runner: micro({ roundMs: 20 }),
  variants: {
    atBase: { baseline: true, prepare: () => () => sharedWork(2000) },
    atHead: { prepare: () => () => sharedWork(2000) + distinctiveHotFunctionBetweenRefs(16) },
  },
}) as AnyScenario

const runDir = mkdtempSync(path.join(os.tmpdir(), 'dyno-checkouts-'))
afterAll(() => rmSync(runDir, { recursive: true, force: true }))

function asCheckout(session: ScenarioProfile, variant: string): ScenarioProfile {
  const profile = session.variants.find((v) => v.variant === variant)
  if (profile === undefined) throw new Error(`no ${variant}`)
  return { ...session, variants: [{ ...profile, variant: 'work' }] }
}

describe('recordCheckoutProfiles', () => {
  it('compares the same variant across two checkouts and names the function the head added first', async () => {
    const session = await profileScenario(resolveScenario(scenario, { sourceFile: null }), { seed: 4, quick: true, rounds: 3 })
    const record = await recordCheckoutProfiles({
      base: { profile: asCheckout(session, 'atBase'), root: process.cwd() },
      head: { profile: asCheckout(session, 'atHead'), root: process.cwd() },
      runDir,
      scenarioId: 'test/two-refs',
      primaryMetric: { name: 'nsPerOp', unit: 'ns', better: 'lower' },
      trigger: 'regression',
      reason: 'work regressed on nsPerOp from main to HEAD',
    })
    expect(record.variants.map((v) => v.label)).toEqual(['base:work', 'head:work'])
    expect(record.diffs).toHaveLength(1)
    expect(record.diffs[0]).toMatchObject({ base: 'base:work', head: 'head:work' })
    expect(record.diffs[0]?.functions[0]?.functionName).toBe('distinctiveHotFunctionBetweenRefs')
    expect(record.variants[1]?.cpuProfile).toBe('profiles/test/two-refs/head_work.cpuprofile')
    for (const v of record.variants) expect(existsSync(path.join(runDir, v.cpuProfile ?? 'missing'))).toBe(true)
  })
})
