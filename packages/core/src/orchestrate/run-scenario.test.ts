import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { micro } from '../runners/micro-spec.js'
import { throughput } from '../runners/throughput-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import { resultProblems } from '../schema/validate-result.js'
import type { RoundEvent } from './reporter.js'
import { runScenario } from './run-scenario.js'

const environment = collectFingerprint({ cwd: process.cwd() })
const base = { runId: '20261123T000000Z-abcd', seed: 7, quick: true, environment, rounds: 6 }

function run(scenario: AnyScenario, extra: Partial<Parameters<typeof runScenario>[1]> = {}, sourceFile: string | null = null) {
  return runScenario(resolveScenario(scenario, { sourceFile }), { ...base, ...extra })
}

const sumScenario = (variants: AnyScenario['variants']) =>
  defineScenario({
    id: 'test/sum',
    description: 'sums',
    runner: micro({ roundMs: 5 }),
    setup: () => Array.from({ length: 200 }, (_, i) => i),
    variants,
    verify: (output) => output === 19900 || `wrong sum ${String(output)}`,
  }) as AnyScenario

describe('runScenario', () => {
  it('interleaves variants, keeps every round in order and writes a schema-valid result', async () => {
    const events: RoundEvent[] = []
    const result = await run(
      sumScenario({
        reduce: { baseline: true, prepare: (xs: number[]) => () => xs.reduce((a, b) => a + b, 0) },
        loop: {
          prepare: (xs: number[]) => () => {
            let s = 0
            for (const x of xs) s += x
            return s
          },
        },
      }),
      { reporter: { onRound: (e) => events.push(e) } },
    )
    expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
    expect(result.outcome).toBe('completed')
    expect(result.session.measuredRounds).toBe(6)
    expect(result.session.schedule).toHaveLength(6)
    for (const variant of result.variants) {
      expect(variant.rounds.map((r) => r.round)).toEqual([0, 1, 2, 3, 4, 5])
      expect(variant.summaries.nsPerOp?.n).toBe(6)
      expect(variant.rounds.every((r) => (r.detail.batchSize ?? 0) >= 1)).toBe(true)
    }
    // ABBA: every pair of rounds has each variant once in each position.
    expect(result.session.schedule[1]).toEqual([...(result.session.schedule[0] as string[])].reverse())
    expect(result.comparisons).toHaveLength(1)
    expect(events.filter((e) => e.phase === 'measure')).toHaveLength(12)
  })

  it('records a variant that throws as errored with its message and keeps running the others', async () => {
    let calls = 0
    const result = await run(
      sumScenario({
        reduce: { baseline: true, prepare: (xs: number[]) => () => xs.reduce((a, b) => a + b, 0) },
        flaky: {
          prepare: (xs: number[]) => () => {
            calls++
            if (calls > 3) throw new Error('connection reset by peer')
            return xs.reduce((a, b) => a + b, 0)
          },
        },
        steady: { prepare: (xs: number[]) => () => xs.reduce((a, b) => a + b, 0) },
      }),
    )
    const flaky = result.variants.find((v) => v.name === 'flaky')
    expect(flaky?.status).toBe('errored')
    expect(flaky?.statusReason).toMatch(/connection reset by peer/)
    expect(result.variants.find((v) => v.name === 'steady')?.rounds.filter((r) => r.status === 'ok')).toHaveLength(6)
    expect(result.outcome).toBe('partial')
    expect(result.comparisons.every((c) => c.head.variant !== 'flaky')).toBe(true)
    expect(result.warnings.some((w) => w.code === 'variant-errored' && w.variant === 'flaky')).toBe(true)
  })

  it('marks a variant with wrong output invalid and never compares it', async () => {
    const result = await run(
      sumScenario({
        reduce: { baseline: true, prepare: (xs: number[]) => () => xs.reduce((a, b) => a + b, 0) },
        'off-by-one': { prepare: (xs: number[]) => () => xs.reduce((a, b) => a + b, 1) },
      }),
    )
    const wrong = result.variants.find((v) => v.name === 'off-by-one')
    expect(wrong?.status).toBe('invalid')
    expect(wrong?.statusReason).toBe('wrong sum 19901')
    expect(result.comparisons).toEqual([])
    expect(result.session.stopReason).toBe('no-runnable-variant')
  })

  it('records a failed setup as an errored outcome instead of throwing', async () => {
    const scenario = { ...sumScenario({ a: { baseline: true, prepare: () => () => 1 }, b: { prepare: () => () => 1 } }) }
    scenario.setup = () => {
      throw new Error('fixture file missing')
    }
    const result = await run(scenario)
    expect(result.outcome).toBe('errored')
    expect(result.error?.message).toBe('fixture file missing')
    expect(result.variants.every((v) => v.status === 'skipped')).toBe(true)
    expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
  })

  it('flags an operation the engine optimised away as implausible', async () => {
    const result = await run(
      defineScenario({
        id: 'test/nothing',
        description: 'empty work',
        runner: micro({ roundMs: 5 }),
        variants: { a: { baseline: true, prepare: () => () => undefined }, b: { prepare: () => () => undefined } },
      }) as AnyScenario,
    )
    expect(result.warnings.some((w) => w.code === 'implausible-speed')).toBe(true)
  })

  it('runs throughput rounds in fresh child processes that measure their own peak memory', async () => {
    const file = fileURLToPath(new URL('../../test-fixtures/isolated-job.scenario.mjs', import.meta.url))
    const { default: scenario } = (await import(file)) as { default: AnyScenario }
    const result = await run(scenario, { rounds: 2, warmupRounds: 0, childExecArgv: ['--import', import.meta.resolve('tsx')] }, file)
    expect(result.outcome).toBe('completed')
    const small = result.variants.find((v) => v.name === 'small')
    const large = result.variants.find((v) => v.name === 'large')
    expect(small?.rounds.every((r) => r.isolation === 'process' && r.detail.peakRssExact === 1)).toBe(true)
    const smallRss = small?.summaries.peakRssBytes?.median ?? 0
    const largeRss = large?.summaries.peakRssBytes?.median ?? 0
    expect(largeRss - smallRss).toBeGreaterThan(40 * 1024 * 1024)
    expect(large?.summaries.blocksPerSec?.n).toBe(2)
  })

  it('reports a throughput job that did no work as invalid', async () => {
    const result = await run(
      defineScenario({
        id: 'test/idle',
        description: 'no units',
        runner: throughput({ unit: 'rows', units: (o: number) => o, isolation: 'in-process' }),
        variants: { a: { baseline: true, prepare: () => () => 10 }, b: { prepare: () => () => 0 } },
      }) as AnyScenario,
    )
    expect(result.variants.find((v) => v.name === 'b')?.statusReason).toMatch(/0 units of work/)
  })
})
