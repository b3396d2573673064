import { describe, expect, it } from 'vitest'
import { DynoError } from '../errors/dyno-error.js'
import { micro } from '../runners/micro-spec.js'
import { throughput } from '../runners/throughput-spec.js'
import { resolveScenario, scenarioProblems } from './resolve-scenario.js'
import type { AnyScenario } from './scenario.js'

const op = { prepare: () => () => 1 }

describe('scenario validation', () => {
  it('reports every problem of a scenario at once', () => {
    const bad = {
      id: 'NotAnId',
      description: '',
      runner: throughput({ unit: 'Rows!', units: 1 }),
      variants: { a: op, 'b c': op },
      metrics: { latency: { threshold: 5 } },
      claims: [{ metric: 'rowsPerSec', variant: 'nope', ratio: {}, source: 's', text: 't' }],
    } as unknown as AnyScenario
    const problems = scenarioProblems(bad)
    expect(problems.join('\n')).toMatch(/id must look like/)
    expect(problems.join('\n')).toMatch(/description is missing/)
    expect(problems.join('\n')).toMatch(/throughput unit 'Rows!'/)
    expect(problems.join('\n')).toMatch(/variant name 'b c'/)
    expect(problems.join('\n')).toMatch(/exactly one variant must have baseline: true \(found 0\)/)
    expect(problems.join('\n')).toMatch(/metrics.latency is not measured/)
    expect(problems.join('\n')).toMatch(/claims\[0\] names unknown variant 'nope'/)
    expect(problems.join('\n')).toMatch(/claims\[0\] needs ratio.min or ratio.max/)
    expect(() => resolveScenario(bad)).toThrow(DynoError)
  })

  it('gates the primary metric by default and applies scenario thresholds over the run default', () => {
    const resolved = resolveScenario(
      {
        id: 'x/y',
        description: 'd',
        runner: throughput({ unit: 'rows', units: 10 }),
        variants: { a: { ...op, baseline: true }, b: op },
        metrics: { peakRssBytes: { gated: true, threshold: 0.2 } },
      } as AnyScenario,
      { threshold: 0.1 },
    )
    expect(resolved.primaryMetric).toBe('rowsPerSec')
    expect(resolved.metrics.filter((m) => m.gated).map((m) => [m.name, m.threshold])).toEqual([
      ['rowsPerSec', 0.1],
      ['peakRssBytes', 0.2],
    ])
    expect(resolved.baseline).toBe('a')
  })

  it('applies project-wide metric defaults between the scenario policy and the run default', () => {
    const resolved = resolveScenario(
      {
        id: 'x/y',
        description: 'd',
        runner: throughput({ unit: 'rows', units: 10 }),
        variants: { a: { ...op, baseline: true }, b: op },
        metrics: { cpuMs: { threshold: 0.3 } },
      } as AnyScenario,
      {
        threshold: 0.1,
        metricDefaults: { rowsPerSec: { threshold: 0.02 }, cpuMs: { gated: true, threshold: 0.15 }, nsPerOp: { threshold: 0.5 } },
      },
    )
    const policy = (name: string) => resolved.metrics.find((m) => m.name === name)
    expect(policy('rowsPerSec')).toMatchObject({ gated: true, threshold: 0.02 })
    expect(policy('cpuMs')).toMatchObject({ gated: true, threshold: 0.3 })
    expect(policy('wallMs')).toMatchObject({ gated: false, threshold: 0.1 })
  })

  it('accepts a minimal micro scenario', () => {
    expect(
      scenarioProblems({ id: 'a/b', description: 'd', runner: micro(), variants: { x: { ...op, baseline: true }, y: op } } as AnyScenario),
    ).toEqual([])
  })

  it('reports two reference variants, and a reference that is also the baseline', () => {
    const twoReferences = scenarioProblems({
      id: 'a/b',
      description: 'd',
      runner: micro(),
      variants: { x: { ...op, baseline: true }, y: { ...op, reference: true }, z: { ...op, reference: true } },
    } as AnyScenario)
    expect(twoReferences).toEqual([`scenario 'a/b': at most one variant may have reference: true (found 2: y, z)`])
    const referenceBaseline = scenarioProblems({
      id: 'a/b',
      description: 'd',
      runner: micro(),
      variants: { x: { ...op, baseline: true, reference: true }, y: op },
    } as AnyScenario)
    expect(referenceBaseline.join('\n')).toMatch(/variant 'x' cannot be both the baseline and the reference/)
    expect(referenceBaseline).toHaveLength(1)
  })

  it('names the reference variant when there is one', () => {
    const spec = { id: 'a/b', description: 'd', runner: micro() }
    expect(
      resolveScenario({ ...spec, variants: { x: { ...op, baseline: true }, y: op, ceiling: { ...op, reference: true } } } as AnyScenario)
        .reference,
    ).toBe('ceiling')
    expect(resolveScenario({ ...spec, variants: { x: { ...op, baseline: true }, y: op } } as AnyScenario).reference).toBeUndefined()
  })
})
