import { describe, expect, it } from 'vitest'
import type { Comparison } from '../compare/comparison.js'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { gate } from '../gate/gate.js'
import { closedModel, httpLoad } from '../runners/http-load-spec.js'
import { micro } from '../runners/micro-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import type { RefRecord, ResultFile } from '../schema/result-file.js'
import { resultProblems } from '../schema/validate-result.js'
import { createRandom } from '../stats/prng.js'
import { compareRefResults, refPairedInputs } from './compare-ref-results.js'
import { describeScenario } from './describe-scenario.js'
import { resolvedFromDescription } from './resolved-from-description.js'
import { type ArmReply, type ArmRound, type RefSessionOptions, runRefSession } from './run-ref-session.js'

const environment = collectFingerprint({ cwd: process.cwd() })
const refs: { base: RefRecord; head: RefRecord } = {
  base: { ref: 'main', sha: 'a'.repeat(40), dirty: false, dynoVersion: '0.2.0' },
  head: { ref: 'HEAD', sha: 'b'.repeat(40), dirty: false, dynoVersion: '0.2.0' },
}
const labels = { base: 'main', head: 'HEAD' }

function must(result: ResultFile | null): ResultFile {
  if (result === null) throw new Error('expected a base result')
  return result
}

function renamed(result: ResultFile, id: string): ResultFile {
  return { ...result, scenario: { ...result.scenario, id } }
}

const never = () => () => {
  throw new Error('the fake runner never calls prepare')
}

function scenario(variants: string[], id = 'demo/work'): AnyScenario {
  return defineScenario({
    id,
    description: 'a job whose cost the test controls',
    runner: micro({ roundMs: 5 }),
    variants: Object.fromEntries(variants.map((name, i) => [name, { baseline: i === 0, prepare: never }])),
  }) as AnyScenario
}

/**
 * A fake build: every round has a machine factor both sides share (drift of ±30% that only
 * pairing removes), small independent noise per arm, and a chosen slowdown per arm.
 */
function fakeBuilds(slowdown: Record<string, number>, failing: Record<string, string> = {}) {
  const random = createRandom(42)
  const machine = new Map<number, number>()
  const requests: ArmRound[] = []
  const runArm = async (request: ArmRound): Promise<ArmReply> => {
    requests.push(request)
    const failure = failing[request.arm.name]
    if (failure !== undefined)
      return { outcome: { status: 'errored', error: { name: 'Error', message: failure } }, calibration: null, warnings: [] }
    if (!machine.has(request.round)) machine.set(request.round, Math.exp(0.3 * (random() - 0.5)))
    const value = 1000 * (machine.get(request.round) as number) * (1 + 0.01 * (random() - 0.5)) * (1 + (slowdown[request.arm.name] ?? 0))
    return {
      outcome: { status: 'ok', values: { nsPerOp: value }, detail: { batchSize: 7 } },
      calibration: request.calibration ?? { batchSize: 7, isAsync: false },
      warnings: [],
    }
  }
  return { runArm, requests }
}

function session(variants: string[], runArm: RefSessionOptions['runArm'], extra: Partial<RefSessionOptions> = {}) {
  return runRefSession({
    runId: '20261123T000000Z-abcd',
    seed: 3,
    quick: true,
    rounds: 12,
    base: resolveScenario(scenario(variants)),
    head: resolveScenario(scenario(variants)),
    refs,
    environments: { base: environment, head: environment },
    runArm,
    ...extra,
  })
}

describe('runRefSession', () => {
  it('interleaves both sides in ABBA rounds and writes a schema-valid result per side that records both refs', async () => {
    const { runArm, requests } = fakeBuilds({})
    const result = await session(['before', 'after'], runArm)
    const base = result.base
    expect(base).not.toBeNull()
    for (const side of [base, result.head]) {
      expect(resultProblems(JSON.parse(JSON.stringify(side)))).toEqual([])
      expect(side?.session.measuredRounds).toBe(12)
      expect(side?.variants.map((v) => v.rounds.map((r) => r.round))).toEqual([
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      ])
      expect(side?.refs?.base.ref).toBe('main')
      expect(side?.refs?.head.ref).toBe('HEAD')
    }
    expect(base?.refs?.side).toBe('base')
    expect(result.head.refs?.side).toBe('head')
    const schedule = result.head.session.schedule
    expect(new Set(schedule[0])).toEqual(new Set(['base:before', 'base:after', 'head:before', 'head:after']))
    expect(schedule[1]).toEqual([...(schedule[0] as string[])].reverse())
    // One warm-up per arm, then four arms per measured round.
    expect(requests.filter((r) => r.phase === 'warmup')).toHaveLength(4)
    expect(requests.filter((r) => r.phase === 'measure')).toHaveLength(48)
  })

  it('hands every arm the batch size its first round chose, so all its rounds time the same thing', async () => {
    const { runArm, requests } = fakeBuilds({})
    await session(['before', 'after'], runArm)
    const first = requests.filter((r) => r.arm.name === 'head:after')
    expect(first[0]?.calibration).toBeNull()
    expect(first.slice(1).every((r) => r.calibration?.batchSize === 7)).toBe(true)
  })

  it('catches a 30% slowdown of one variant on HEAD through 30% drift, and leaves the unchanged variant alone', async () => {
    const { runArm } = fakeBuilds({ 'head:after': 0.3 })
    const result = await session(['before', 'after'], runArm)
    const comparison = compareRefResults([must(result.base)], [result.head], labels)
    const byVariant = new Map(comparison.comparisons.map((c) => [c.head.variant, c]))
    expect(byVariant.get('after')?.verdict).toBe('regressed')
    expect(byVariant.get('after')?.pairing).toBe('paired-rounds')
    expect(byVariant.get('after')?.ratio.estimate).toBeGreaterThan(1.25)
    expect(byVariant.get('before')?.verdict).toBe('equivalent')
    expect(gate({ comparisons: comparison.comparisons, results: [result.head] }).exitCode).toBe(1)
  })

  it('records a HEAD variant that throws as errored, stops scheduling it, and fails the gate', async () => {
    const { runArm, requests } = fakeBuilds({}, { 'head:after': 'TypeError: cannot read properties of undefined' })
    const result = await session(['before', 'after'], runArm)
    const after = result.head.variants.find((v) => v.name === 'after')
    expect(after?.status).toBe('errored')
    expect(after?.statusReason).toContain('cannot read properties of undefined')
    expect(requests.filter((r) => r.arm.name === 'head:after')).toHaveLength(1)
    // `before` is still compared across refs, and the broken variant fails the gate.
    const comparison = compareRefResults([must(result.base)], [result.head], labels)
    expect(comparison.comparisons.map((c) => c.head.variant)).toEqual(['before'])
    const outcome = gate({ comparisons: comparison.comparisons, results: [result.head] })
    expect(outcome.exitCode).toBe(1)
    expect(outcome.failures.map((f) => f.kind)).toContain('variant-failed')
  })

  it('stops when no variant can be compared across refs any more', async () => {
    const { runArm } = fakeBuilds({}, { 'head:after': 'broken', 'head:before': 'broken' })
    const result = await session(['before', 'after'], runArm)
    expect(result.head.session.stopReason).toBe('no-runnable-variant')
    expect(result.head.session.measuredRounds).toBe(0)
  })

  it('runs a scenario only HEAD has on HEAD alone, against its own baseline', async () => {
    const { runArm, requests } = fakeBuilds({ 'head:after': 0.5 })
    const result = await session(['before', 'after'], runArm, { base: null })
    expect(result.base).toBeNull()
    expect(requests.every((r) => r.arm.side === 'head')).toBe(true)
    expect(result.head.comparisons.map((c) => c.verdict)).toEqual(['regressed'])
    expect(compareRefResults([], [result.head], labels).added).toEqual(['demo/work'])
  })

  it('refuses to pair results that did not run in one session', async () => {
    const { runArm } = fakeBuilds({})
    const one = await session(['before', 'after'], runArm)
    const other = await session(['before', 'after'], runArm, { runId: '20261123T000001Z-abcd' })
    expect(() => refPairedInputs(must(one.base), other.head, labels)).toThrow(/not measured in one compare-refs session/)
  })

  it('adjusts p-values with Holm across every scenario of the suite', async () => {
    const first = await session(['before', 'after'], fakeBuilds({ 'head:after': 0.1 }).runArm)
    const second = await session(['before', 'after'], fakeBuilds({ 'head:after': 0.1 }).runArm)
    const single = compareRefResults([must(first.base)], [first.head], labels).comparisons
    const both = compareRefResults(
      [must(first.base), renamed(must(second.base), 'demo/other')],
      [first.head, renamed(second.head, 'demo/other')],
      labels,
    ).comparisons
    expect(both).toHaveLength(2 * single.length)
    const after = (list: Comparison[]) => list.find((c) => c.scenarioId === 'demo/work' && c.head.variant === 'after')
    expect(after(both)?.p).toBe(after(single)?.p)
    expect(after(both)?.pAdjusted).toBeGreaterThan(after(single)?.pAdjusted as number)
  })

  it('builds http-load results from what a build described, whose load and routes are recorded in words, and keeps that record', async () => {
    const spec = defineScenario({
      id: 'demo/server',
      description: 'a server the build describes',
      runner: httpLoad({ load: closedModel({ connections: 3, durationMs: 300 }), routes: [{ name: 'hot', path: '/' }] }),
      variants: { before: { baseline: true, server: { module: './server.mjs' } }, after: { server: { module: './server.mjs' } } },
    }) as AnyScenario
    const described = describeScenario(resolveScenario(spec, { sourceFile: '/build/server.scenario.mjs' }), 'server.scenario.mjs')
    const resolved = resolvedFromDescription(JSON.parse(JSON.stringify(described)) as typeof described)
    const values = Object.fromEntries(described.record.metrics.map((m) => [m.name, 1]))
    const result = await runRefSession({
      runId: '20261123T000000Z-abcd',
      seed: 1,
      quick: true,
      rounds: 2,
      warmupRounds: 0,
      base: resolved,
      head: resolved,
      refs,
      environments: { base: environment, head: environment },
      runArm: async () => ({ outcome: { status: 'ok', values, detail: { ok: 1 } }, calibration: null, warnings: [] }),
    })
    expect(result.head.scenario.runner).toEqual(described.record.runner)
    expect(result.head.warnings.find((w) => w.code === 'closed-model-hides-queueing')?.message).toContain('each of the 3 connections')
    expect(resultProblems(JSON.parse(JSON.stringify(result.head)))).toEqual([])
  })
})
