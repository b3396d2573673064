import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { syntheticProfile } from '../../test-fixtures/synthetic-profile.js'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import type { CapturedProfile } from '../profile/inspector-profiler.js'
import { micro } from '../runners/micro-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import type { RefRecord, ResultFile } from '../schema/result-file.js'
import { resultProblems } from '../schema/validate-result.js'
import { createRandom } from '../stats/prng.js'
import { compareRefResults } from './compare-ref-results.js'
import { profileRefScenario } from './profile-ref-scenario.js'
import type { ProfileArmReply, ProfileArmRound } from './profile-ref-session.js'
import { refProfilePlans } from './ref-profile-plan.js'
import { type ArmReply, type ArmRound, runRefSession } from './run-ref-session.js'

/**
 * compare-refs profiling of one scenario, with fake builds: the measured session's HEAD is
 * 40% slower, and HEAD's profiling rounds show a function BASE's do not have. Every profiled
 * round reports an absurd nsPerOp, so a profiled round that leaked into the samples would show.
 */
const environment = collectFingerprint({ cwd: process.cwd() })
const refs: { base: RefRecord; head: RefRecord } = {
  base: { ref: 'main', sha: 'a'.repeat(40), dirty: false, dynoVersion: '0.2.0' },
  head: { ref: 'HEAD', sha: 'b'.repeat(40), dirty: false, dynoVersion: '0.2.0' },
}
const labels = { base: 'main', head: 'HEAD' }
const PROFILED_NS_PER_OP = 123_456_789
const runDir = mkdtempSync(path.join(os.tmpdir(), 'dyno-ref-profile-'))
afterAll(() => rmSync(runDir, { recursive: true, force: true }))

const resolved = resolveScenario(
  defineScenario({
    id: 'demo/work',
    description: 'a job whose cost the test controls',
    runner: micro({ roundMs: 5 }),
    variants: {
      before: { baseline: true, prepare: () => () => 0 },
      after: { prepare: () => () => 0 },
    },
  }) as AnyScenario,
)

/** Where and how every test profiles. */
const where = { head: resolved, roots: { base: '/builds/base', head: '/builds/head' }, runDir, seed: 5, quick: true }

async function measured(): Promise<{ base: ResultFile; head: ResultFile }> {
  const random = createRandom(7)
  const runArm = async (request: ArmRound): Promise<ArmReply> => ({
    outcome: {
      status: 'ok',
      values: { nsPerOp: 1000 * (request.arm.side === 'head' ? 1.4 : 1) * (1 + 0.01 * (random() - 0.5)) },
      detail: { batchSize: 7 },
    },
    calibration: { batchSize: 7, isAsync: false },
    warnings: [],
  })
  const session = await runRefSession({
    runId: '20261123T000000Z-abcd',
    seed: 3,
    quick: true,
    rounds: 12,
    base: resolved,
    head: resolved,
    refs,
    environments: { base: environment, head: environment },
    runArm,
  })
  if (session.base === null) throw new Error('expected a base result')
  return { base: session.base, head: session.head }
}

function capture(side: 'base' | 'head'): CapturedProfile {
  const stacks = [
    { stack: ['measure', 'work'], samples: 60 },
    ...(side === 'head' ? [{ stack: ['measure', 'work', 'addedHotSpot'], samples: 40 }] : []),
  ]
  return { cpu: syntheticProfile(stacks), heap: null, wallMs: 12, gcPauseMs: 0.5, gcCount: 1, eventLoopUtilization: 1 }
}

function fakeProfilingBuilds() {
  const requests: ProfileArmRound[] = []
  const runArm = async (request: ProfileArmRound): Promise<ProfileArmReply> => {
    requests.push(request)
    return {
      outcome: { status: 'ok', values: { nsPerOp: PROFILED_NS_PER_OP }, detail: { batchSize: 7 } },
      calibration: { batchSize: 7, isAsync: false },
      captures: Array.from({ length: request.repeat }, () => ({
        capture: capture(request.arm.side),
        values: { nsPerOp: PROFILED_NS_PER_OP },
      })),
      warnings: [],
    }
  }
  return { requests, runArm }
}

describe('profileRefScenario', () => {
  it('profiles the regressed variants on both builds, names the function HEAD added first, and leaves every measured sample and verdict as it was', async () => {
    const results = await measured()
    const before = JSON.parse(JSON.stringify(results.head)) as ResultFile
    const comparisons = compareRefResults([results.base], [results.head], labels).comparisons
    const [plan, ...others] = refProfilePlans({ base: [results.base], head: [results.head], comparisons, mode: 'on-regression' })
    expect(others).toEqual([])
    expect(plan?.variants).toEqual({ base: ['before', 'after'], head: ['before', 'after'] })
    expect(plan?.reason).toMatch(/^before regressed on nsPerOp \(\+40\.\d%\); after regressed on nsPerOp \(\+40\.\d%\) from main to HEAD$/)

    const builds = fakeProfilingBuilds()
    const profiled = await profileRefScenario({
      plan: plan as NonNullable<typeof plan>,
      results: { base: results.base, head: results.head },
      ...where,
      runArm: builds.runArm,
    })

    // The measured data are the measured session's, to the last field; only `profile` is new.
    const { profile, ...rest } = profiled
    expect(rest).toEqual(before)
    const samples = profiled.variants.flatMap((v) => v.rounds.map((r) => r.values.nsPerOp))
    expect(samples).not.toContain(PROFILED_NS_PER_OP)
    expect(compareRefResults([results.base], [profiled], labels).comparisons).toEqual(comparisons)
    // The profiled figures went to the profile, beside it.
    expect(profile?.variants.map((v) => [v.label, v.figures.nsPerOp])).toEqual([
      ['base:before', PROFILED_NS_PER_OP],
      ['base:after', PROFILED_NS_PER_OP],
      ['head:before', PROFILED_NS_PER_OP],
      ['head:after', PROFILED_NS_PER_OP],
    ])

    // Both builds' arms took turns in the balanced order, and the differential view is BASE→HEAD.
    const arms = builds.requests.map((r) => r.arm.name)
    expect(new Set(arms.slice(0, 4))).toEqual(new Set(['base:before', 'base:after', 'head:before', 'head:after']))
    expect(arms.slice(4, 8)).toEqual(arms.slice(0, 4).reverse())
    expect(profile?.diffs.map((d) => [d.base, d.head, d.functions[0]?.functionName])).toEqual([
      ['base:before', 'head:before', 'addedHotSpot'],
      ['base:after', 'head:after', 'addedHotSpot'],
    ])
    // The profiled result is still a valid result file.
    expect(resultProblems(JSON.parse(JSON.stringify(profiled)))).toEqual([])
    // Each build's profiles are shown relative to its own checkout when rendered again.
    expect(profile?.variants.map((v) => v.root)).toEqual(['/builds/base', '/builds/base', '/builds/head', '/builds/head'])
    const file = path.join(runDir, profile?.variants[2]?.cpuProfile ?? 'missing')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('samples')
  })

  it('profiles HEAD alone when BASE is left out, says why first, and draws no differential view', async () => {
    const results = await measured()
    const builds = fakeProfilingBuilds()
    const profiled = await profileRefScenario({
      plan: { scenarioId: 'demo/work', trigger: 'requested', reason: 'as asked with --profile', variants: { base: [], head: ['after'] } },
      results,
      ...where,
      notices: ['base: main cannot be profiled'],
      runArm: builds.runArm,
    })
    expect(new Set(builds.requests.map((r) => r.arm.name))).toEqual(new Set(['head:after']))
    expect(profiled.profile?.variants.map((v) => v.label)).toEqual(['head:after'])
    expect(profiled.profile?.diffs).toEqual([])
    expect(profiled.profile?.warnings[0]).toBe('base: main cannot be profiled')
  })

  it('keeps the result when profiling fails, with the reason in the profile', async () => {
    const results = await measured()
    const profiled = await profileRefScenario({
      plan: {
        scenarioId: 'demo/work',
        trigger: 'requested',
        reason: 'as asked with --profile',
        variants: { base: ['after'], head: ['after'] },
      },
      results,
      ...where,
      runArm: async () => {
        throw new Error('the build went away')
      },
    })
    expect(profiled.variants).toEqual(results.head.variants)
    expect(profiled.profile?.variants).toEqual([])
    expect(profiled.profile?.warnings).toEqual(['profiling failed: the build went away'])
  })
})
