import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { micro } from '../runners/micro-spec.js'
import { throughput } from '../runners/throughput-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import { functionCosts } from './function-costs.js'
import { diffFunctionCosts } from './profile-diff.js'
import { profileScenario, profileTargetMs } from './profile-scenario.js'

/**
 * Real profiles through V8's inspector: a head variant that adds a distinctively named busy
 * function must show it at the top of the differential view, in this process (micro) and in
 * the fresh child processes of isolated rounds (throughput).
 */
function sharedWork(n: number): number {
  let x = 0
  for (let i = 0; i < n; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}

// Naive recursive Fibonacci: a classic profiling subject whose time V8 cannot fold into the
// caller. (V8 inlines small functions into their callers and their samples then count for the
// caller; recursion keeps almost every sample in this function's own frames.)
function distinctiveHotFunctionForTest(n: number): number {
  return n < 2 ? n : distinctiveHotFunctionForTest(n - 1) + distinctiveHotFunctionForTest(n - 2)
}

const hotHead = defineScenario({
  id: 'test/hot-head',
  description: 'head adds a hot function',
  runner: micro({ roundMs: 40 }),
  variants: {
    base: { baseline: true, prepare: () => () => sharedWork(2000) },
    head: { prepare: () => () => sharedWork(2000) + distinctiveHotFunctionForTest(16) },
  },
}) as AnyScenario

describe('profileScenario', () => {
  it('profiles each variant’s measured work in this process and the head’s hot function tops the differential view', async () => {
    const rounds: string[] = []
    const profile = await profileScenario(resolveScenario(hotHead, { sourceFile: null }), {
      seed: 1,
      quick: true,
      rounds: 4,
      onRound: (e) => rounds.push(`${e.variant}:${e.status}`),
    })
    expect(profile.error).toBeNull()
    expect(profile.isolation).toBe('in-process')
    expect(rounds).toHaveLength(8)
    const [base, head] = profile.variants
    expect(base?.status).toBe('profiled')
    expect(head?.rounds).toHaveLength(4)
    expect(head?.rounds.every((r) => (r.values.nsPerOp ?? 0) > 0)).toBe(true)
    if (!base?.cpu || !head?.cpu) throw new Error('a variant has no profile')
    const diff = diffFunctionCosts(functionCosts(base.cpu), functionCosts(head.cpu))
    expect(diff.functions[0]?.functionName).toBe('distinctiveHotFunctionForTest')
    expect(diff.functions[0]?.change).toBeGreaterThan(0)
    expect(functionCosts(base.cpu).functions.some((f) => f.functionName === 'distinctiveHotFunctionForTest')).toBe(false)
  })

  it('profiles only the variants asked for and records a variant that throws as errored', async () => {
    const failing = {
      ...hotHead,
      variants: {
        ...hotHead.variants,
        broken: {
          prepare: () => () => {
            throw new Error('boom in broken')
          },
        },
      },
    } as AnyScenario
    const profile = await profileScenario(resolveScenario(failing, { sourceFile: null }), {
      seed: 2,
      quick: true,
      rounds: 2,
      variants: ['base', 'broken'],
    })
    expect(profile.variants.map((v) => v.variant)).toEqual(['base', 'broken'])
    expect(profile.variants[1]).toMatchObject({ status: 'errored', cpu: null })
    expect(profile.variants[1]?.reason).toContain('boom in broken')
    await expect(
      profileScenario(resolveScenario(hotHead, { sourceFile: null }), { seed: 1, quick: true, variants: ['nope'] }),
    ).rejects.toThrow(/no variant 'nope'/)
  })

  it('records a profile inside each isolated round’s child process, where the measured work runs', async () => {
    const file = fileURLToPath(new URL('../../test-fixtures/isolated-hot.scenario.mjs', import.meta.url))
    const { default: scenario } = (await import(file)) as { default: AnyScenario }
    const profile = await profileScenario(resolveScenario(scenario, { sourceFile: file }), {
      seed: 3,
      quick: true,
      rounds: 2,
      settings: { heap: true },
      childExecArgv: ['--import', import.meta.resolve('tsx')],
    })
    expect(profile.isolation).toBe('process')
    const [base, head] = profile.variants
    expect(head?.status, head?.reason ?? '').toBe('profiled')
    if (!base?.cpu || !head?.cpu) throw new Error('a variant has no profile')
    expect(head.heap).not.toBeNull()
    expect(head.rounds).toHaveLength(2)
    const diff = diffFunctionCosts(functionCosts(base.cpu), functionCosts(head.cpu))
    expect(diff.functions[0]?.functionName).toBe('distinctiveHotFunctionInChild')
    // Only the measured work: the child's start-up and module loading are not in the profile.
    const urls = functionCosts(head.cpu).functions.map((f) => f.url)
    expect(urls.filter((u) => u.startsWith('node:internal/modules'))).toEqual([])
  })

  it('profiles throughput jobs until each variant has about the target’s worth of work, within its bounds', async () => {
    const job = defineScenario({
      id: 'test/waiting-job',
      description: 'a job that mostly waits',
      runner: throughput({ unit: 'jobs', units: 1, isolation: 'in-process' }),
      variants: {
        a: { baseline: true, prepare: () => () => new Promise((resolve) => setTimeout(() => resolve(sharedWork(1000)), 120)) },
        b: { prepare: () => () => sharedWork(1000) },
      },
    }) as AnyScenario
    const profile = await profileScenario(resolveScenario(job, { sourceFile: null }), { seed: 6, quick: true, variants: ['a'] })
    const walls = profile.variants[0]?.rounds.map((r) => r.wallMs) ?? []
    const total = (n: number) => walls.slice(0, n).reduce((a, b) => a + b, 0)
    expect(walls.length).toBeGreaterThanOrEqual(2)
    expect(walls.length).toBeLessThanOrEqual(10)
    // It stopped as soon as the work reached the target, and not before (unless at the bounds).
    if (walls.length < 10) expect(total(walls.length)).toBeGreaterThanOrEqual(profileTargetMs(true))
    if (walls.length > 2) expect(total(walls.length - 1)).toBeLessThan(profileTargetMs(true))
    // A job that waits shows an idle event loop beside its profile.
    expect(profile.variants[0]?.rounds.every((r) => r.eventLoopUtilization < 0.9)).toBe(true)
  })
})
