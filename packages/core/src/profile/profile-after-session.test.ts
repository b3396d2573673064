import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { runScenario } from '../orchestrate/run-scenario.js'
import { micro } from '../runners/micro-spec.js'
import { type ResolvedScenario, resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import type { ResultFile } from '../schema/result-file.js'
import { readResultFile, writeResultFile } from '../schema/result-io.js'
import { resultProblems } from '../schema/validate-result.js'
import { profileAfterSession, profilePlan } from './profile-after-session.js'

/**
 * Profiling after a measured session explains the result and changes nothing in it: the
 * verdict's samples, summaries and comparisons come out exactly as they went in, and the
 * profiled rounds live only in the separate `profile` record.
 */
function sharedWork(n: number): number {
  let x = 0
  for (let i = 0; i < n; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}

// Recursive, so V8 cannot fold its time into the caller (see profile-scenario.test.ts).
function distinctiveHotFunctionAfterSession(n: number): number {
  return n < 2 ? n : distinctiveHotFunctionAfterSession(n - 1) + distinctiveHotFunctionAfterSession(n - 2)
}

const scenario = defineScenario({
  id: 'test/after-session',
  description: 'head adds a hot function',
  runner: micro({ roundMs: 20 }),
  variants: {
    base: { baseline: true, prepare: () => () => sharedWork(2000) },
    head: { prepare: () => () => sharedWork(2000) + distinctiveHotFunctionAfterSession(16) },
  },
}) as AnyScenario

let resolved: ResolvedScenario
let measured: ResultFile
let runDir: string

beforeAll(async () => {
  runDir = mkdtempSync(path.join(os.tmpdir(), 'dyno-profile-after-'))
  resolved = resolveScenario(scenario, { sourceFile: null })
  measured = await runScenario(resolved, {
    runId: '20261123T000000Z-abcd',
    seed: 5,
    quick: true,
    rounds: 6,
    environment: collectFingerprint({ cwd: process.cwd() }),
  })
})

afterAll(() => rmSync(runDir, { recursive: true, force: true }))

function withVerdict(result: ResultFile, verdict: 'regressed' | 'equivalent', gated = true): ResultFile {
  const copy = structuredClone(result)
  for (const c of copy.comparisons) {
    c.verdict = verdict
    c.metric = { ...c.metric, gated }
  }
  return copy
}

describe('profilePlan', () => {
  it('profiles every completed variant when asked', () => {
    expect(profilePlan(measured, 'always')).toMatchObject({ trigger: 'requested', variants: ['base', 'head'], heads: ['head'] })
    expect(profilePlan(measured, 'never')).toBeNull()
  })

  it('on a regression profiles the baseline and the regressed variant, and nothing otherwise', () => {
    const plan = profilePlan(withVerdict(measured, 'regressed'), 'on-regression')
    expect(plan).toMatchObject({ trigger: 'regression', variants: ['base', 'head'], heads: ['head'] })
    expect(plan?.reason).toMatch(/^head regressed on nsPerOp \([+−-]?\d/)
    expect(profilePlan(withVerdict(measured, 'equivalent'), 'on-regression')).toBeNull()
    // A regression on a metric that does not gate does not fail the run, so it does not trigger.
    expect(profilePlan(withVerdict(measured, 'regressed', false), 'on-regression')).toBeNull()
  })
})

describe('profileAfterSession', () => {
  it('adds a profile record and leaves every measured sample, summary and verdict as it was', async () => {
    const before = structuredClone(measured)
    const profiled = await profileAfterSession({
      result: measured,
      resolved,
      runDir,
      cwd: process.cwd(),
      policy: { mode: 'always', rounds: 3 },
      quick: true,
    })
    expect(measured).toEqual(before)
    const { profile, ...rest } = profiled
    expect(rest).toEqual(before)
    for (const variant of profiled.variants) expect(variant.rounds).toHaveLength(profiled.session.measuredRounds)
    if (profile === undefined) throw new Error('no profile record')
    expect(profile.trigger).toBe('requested')
    expect(profile.variants.map((v) => [v.label, v.status, v.rounds])).toEqual([
      ['base', 'profiled', 3],
      ['head', 'profiled', 3],
    ])
    // Profiling starts after the last measured round.
    const lastRound = Math.max(...profiled.variants.flatMap((v) => v.rounds.map((r) => Date.parse(r.startedAt))))
    expect(Date.parse(profile.startedAt)).toBeGreaterThanOrEqual(lastRound)
    for (const v of profile.variants) expect(existsSync(path.join(runDir, v.cpuProfile ?? 'missing'))).toBe(true)
    expect(profile.variants[1]?.cpuProfile).toBe('profiles/test/after-session/head.cpuprofile')
    expect(profile.diffs[0]).toMatchObject({ base: 'base', head: 'head' })
    expect(profile.diffs[0]?.functions[0]?.functionName).toBe('distinctiveHotFunctionAfterSession')
    expect(profile.variants[1]?.overhead?.metric).toBe('nsPerOp')
    expect(profile.variants[1]?.figures.gcPauseMs).toBeGreaterThanOrEqual(0)
    // The record is part of the result file contract: written, read back and validated.
    expect(resultProblems(JSON.parse(JSON.stringify(profiled)))).toEqual([])
    const file = await writeResultFile(runDir, profiled)
    expect((await readResultFile(file)).profile?.diffs[0]?.functions[0]?.functionName).toBe('distinctiveHotFunctionAfterSession')
  })

  it('returns the result untouched when nothing calls for a profile', async () => {
    const result = withVerdict(measured, 'equivalent')
    const out = await profileAfterSession({ result, resolved, runDir, cwd: process.cwd(), policy: { mode: 'on-regression' }, quick: true })
    expect(out).toBe(result)
  })
})
