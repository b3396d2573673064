import { describe, expect, it } from 'vitest'
import type { Fingerprint } from '../env/fingerprint.js'
import { micro } from '../runners/micro-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import type { AnyScenario } from '../scenario/scenario.js'
import type { ResultFile, RoundRecord, VariantResult } from '../schema/result-file.js'
import { resultProblems } from '../schema/validate-result.js'
import { buildResult } from './build-result.js'

const op = { prepare: () => () => 1 }

const ENVIRONMENT: Fingerprint = {
  machineId: '9f46122579a1',
  cpu: { model: 'test cpu', cores: 2, speedMHz: 2450, arch: 'x64' },
  memoryBytes: 8 * 1024 ** 3,
  os: { platform: 'linux', release: '6.1.0', version: '#1' },
  runtime: { node: '20.20.2', v8: '11.3', uv: '1.46.0' },
  timezone: 'UTC',
  git: null,
  loadAverage: [0, 0, 0],
  packages: {},
  databases: [],
  dataset: null,
}

/** The reference's nsPerOp per round: shared round-to-round noise that pairing cancels. */
const REFERENCE_NS = [100, 130, 90, 110, 120, 95, 105, 115]

function rounds(factor: number): RoundRecord[] {
  return REFERENCE_NS.map((ns, round) => ({
    round,
    position: 0,
    startedAt: '2026-11-23T10:45:12.000Z',
    isolation: 'in-process',
    status: 'ok',
    values: { nsPerOp: ns * factor },
    detail: {},
  }))
}

function variant(name: string, factor: number, extra: Partial<VariantResult> = {}): Omit<VariantResult, 'summaries'> {
  return { name, baseline: name === 'base', description: null, status: 'completed', statusReason: null, rounds: rounds(factor), ...extra }
}

function result(withReference: boolean, variants: Omit<VariantResult, 'summaries'>[]): ResultFile {
  const scenario = {
    id: 'test/reference',
    description: 'variants read against a yardstick',
    runner: micro(),
    variants: { base: { ...op, baseline: true }, fast: op, ceiling: { ...op, reference: withReference } },
  } as AnyScenario
  return buildResult({
    runId: '20261123T104512Z-3fa9',
    resolved: resolveScenario(scenario),
    environment: ENVIRONMENT,
    session: {
      seed: 5,
      quick: false,
      startedAt: '2026-11-23T10:45:12.000Z',
      finishedAt: '2026-11-23T10:45:13.000Z',
      durationMs: 1000,
      warmupRounds: 0,
      plannedRounds: REFERENCE_NS.length,
      minRounds: REFERENCE_NS.length,
      adaptive: false,
      measuredRounds: REFERENCE_NS.length,
      timeBudgetMs: 1000,
      stopReason: 'rounds-complete',
      schedule: REFERENCE_NS.map(() => ['base', 'fast', 'ceiling']),
      backgroundCpuCores: null,
      harnessFloorNsPerOp: null,
    },
    variants,
    warnings: [],
    error: null,
  })
}

function asDocument(value: ResultFile): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>
}

describe('reference fractions in a built result', () => {
  it('records the reference variant and every other variant’s headline metric as a paired fraction of it', () => {
    const built = result(true, [variant('base', 4), variant('fast', 2), variant('ceiling', 1)])
    expect(built.scenario.referenceVariant).toBe('ceiling')
    const fractions = built.references ?? []
    expect(fractions.map((f) => [f.variant, f.reference, f.metric, f.pairs])).toEqual([
      ['base', 'ceiling', 'nsPerOp', 8],
      ['fast', 'ceiling', 'nsPerOp', 8],
    ])
    // Each round is an exact multiple of the reference's, so pairing leaves no spread at all.
    expect(fractions[0]?.estimate).toBeCloseTo(4, 9)
    expect(fractions[1]?.estimate).toBeCloseTo(2, 9)
    for (const f of fractions) {
      expect(f.low).not.toBeNull()
      expect(f.low as number).toBeLessThanOrEqual(f.estimate + 1e-9)
      expect(f.high as number).toBeGreaterThanOrEqual(f.estimate - 1e-9)
    }
  })

  it('leaves out a variant that did not complete, and still records an empty list', () => {
    const failed = variant('fast', 2, { status: 'errored', statusReason: 'boom' })
    expect(result(true, [variant('base', 4), failed, variant('ceiling', 1)]).references?.map((f) => f.variant)).toEqual(['base'])
    const noReference = variant('ceiling', 1, { status: 'errored', statusReason: 'boom' })
    expect(result(true, [variant('base', 4), variant('fast', 2), noReference]).references).toEqual([])
  })

  it('adds no reference fields when the scenario has no reference', () => {
    const built = result(false, [variant('base', 4), variant('fast', 2), variant('ceiling', 1)])
    expect('referenceVariant' in built.scenario).toBe(false)
    expect('references' in built).toBe(false)
  })

  it('validates against the result schema with and without the reference fields, and refuses a damaged fraction', () => {
    const withReference = asDocument(result(true, [variant('base', 4), variant('fast', 2), variant('ceiling', 1)]))
    expect(resultProblems(withReference)).toEqual([])
    expect(resultProblems(asDocument(result(false, [variant('base', 4), variant('fast', 2), variant('ceiling', 1)])))).toEqual([])
    const older = structuredClone(withReference) as { scenario: Record<string, unknown>; references?: unknown }
    delete older.scenario.referenceVariant
    delete older.references
    expect(resultProblems(older)).toEqual([])
    const damaged = structuredClone(withReference) as { references: Record<string, unknown>[] }
    const first = damaged.references[0] as Record<string, unknown>
    delete first.estimate
    first.ratio = 4
    const problems = resultProblems(damaged)
    expect(problems).toContain("references.0: must have required property 'estimate'")
    expect(problems).toContain("references.0: must NOT have additional properties 'ratio'")
  })
})
