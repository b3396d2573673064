import { describe, expect, it } from 'vitest'
import { micro } from '../runners/micro-spec.js'
import { throughput } from '../runners/throughput-spec.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import type { VariantResult } from '../schema/result-file.js'
import { createRandom } from '../stats/prng.js'
import { summarize } from '../stats/summary.js'
import { measureMemoryReadBytesPerSec } from './memory-read-rate.js'
import { type MachineRates, plausibilityWarnings } from './plausibility.js'

const SEED_001_ZIP_NS_PER_OP = 0.23
const SEED_001_ZIP_BYTES_PER_SEC = 43e9

function variant(name: string, metric: string, values: number[]): VariantResult {
  return {
    name,
    baseline: name === 'a',
    description: null,
    status: 'completed',
    statusReason: null,
    rounds: [],
    summaries: { [metric]: summarize(values, createRandom(1)) },
  }
}

const aroundValue = (value: number) => [value * 0.98, value, value * 1.03, value * 0.99, value * 1.01]

function microScenario() {
  return resolveScenario(
    defineScenario({
      id: 'test/zip',
      description: 'zip',
      runner: micro(),
      variants: { a: { baseline: true, prepare: () => () => 1 }, b: { prepare: () => () => 1 } },
    }) as AnyScenario,
  )
}

function throughputScenario(unit: string, maxPlausiblePerSec?: number) {
  return resolveScenario(
    defineScenario({
      id: 'test/zip',
      description: 'zip',
      runner: throughput({ unit, units: 1, ...(maxPlausiblePerSec === undefined ? {} : { maxPlausiblePerSec }) }),
      variants: { a: { baseline: true, prepare: () => () => 1 }, b: { prepare: () => () => 1 } },
    }) as AnyScenario,
  )
}

/** A machine whose memory read rate is given, counting how often it was asked. */
function machine(readBytesPerSec: number): MachineRates & { asked: number } {
  const rates = {
    asked: 0,
    memoryReadBytesPerSec: () => {
      rates.asked++
      return readBytesPerSec
    },
  }
  return rates
}

describe('plausibility checks', () => {
  it("flag seed 001's 0.23 ns/op ZIP extraction as less than one CPU cycle per call", () => {
    const [warning] = plausibilityWarnings(microScenario(), [variant('b', 'nsPerOp', aroundValue(SEED_001_ZIP_NS_PER_OP))], 2)
    expect(warning).toMatchObject({ code: 'implausible-speed', severity: 'error', variant: 'b' })
    expect(warning?.message).toMatch(/less than one CPU cycle: the work was most likely optimised away/)
  })

  it('flag a call timed within 1.5× of the empty-call floor, and not one clearly above it', () => {
    expect(plausibilityWarnings(microScenario(), [variant('b', 'nsPerOp', aroundValue(2.5))], 2)[0]?.message).toMatch(
      /within 1.5× of an empty call in this harness/,
    )
    expect(plausibilityWarnings(microScenario(), [variant('b', 'nsPerOp', aroundValue(40))], 2)).toEqual([])
  })

  it('judge a micro variant by its fastest round: a deleted call still unoptimised in the first rounds is flagged', () => {
    // As measured under load on this 2-core VM: the JIT deleted the call only from round 3 on.
    const lateJit = [23.9, 8.1, 7.6, 4.8, 4.8]
    const [warning] = plausibilityWarnings(microScenario(), [variant('b', 'nsPerOp', lateJit)], 4.6)
    expect(warning).toMatchObject({ code: 'implausible-speed', variant: 'b' })
    expect(warning?.message).toMatch(/took 4\.80 ns per call in its fastest round \(median 7\.60 ns\), within 1\.5×/)
    // Noise lifts rounds of honest work, never lowers them below the work itself.
    expect(plausibilityWarnings(microScenario(), [variant('b', 'nsPerOp', [40, 80, 41, 120, 40.5])], 4.6)).toEqual([])
  })

  it("flag seed 001's 43 GB/s as faster than this machine reads memory, saying what to do", () => {
    const tenGigabytes = machine(10e9)
    const [warning] = plausibilityWarnings(
      throughputScenario('bytes'),
      [variant('b', 'bytesPerSec', aroundValue(SEED_001_ZIP_BYTES_PER_SEC))],
      null,
      tenGigabytes,
    )
    expect(warning).toMatchObject({ code: 'implausible-throughput', severity: 'error', metric: 'bytesPerSec' })
    expect(warning?.message).toMatch(/43\.0 GB\/s, more than 2× what one core of this machine can even read from memory \(10\.0 GB\/s/)
    expect(warning?.message).toMatch(/make run\(\) process fresh input every round and return what it produced/)
    expect(tenGigabytes.asked).toBe(1)
  })

  it('leave the same 43 GB/s alone on a machine that reads memory fast enough for it', () => {
    expect(
      plausibilityWarnings(throughputScenario('bytes'), [variant('b', 'bytesPerSec', aroundValue(43e9))], null, machine(60e9)),
    ).toEqual([])
  })

  it('measure the machine only for byte rates high enough to be in question, once per scenario', () => {
    const rates = machine(10e9)
    const honest = [variant('a', 'bytesPerSec', aroundValue(120e6)), variant('b', 'bytesPerSec', aroundValue(4.3e9))]
    expect(plausibilityWarnings(throughputScenario('bytes'), honest, null, rates)).toEqual([])
    expect(rates.asked).toBe(0)
    const fast = [variant('a', 'bytesPerSec', aroundValue(30e9)), variant('b', 'bytesPerSec', aroundValue(40e9))]
    expect(plausibilityWarnings(throughputScenario('bytes'), fast, null, rates).map((w) => w.variant)).toEqual(['a', 'b'])
    expect(rates.asked).toBe(1)
  })

  it("flag rates above the fixed ceilings or the scenario's own, without measuring the machine", () => {
    const rates = machine(1e12)
    const rows = plausibilityWarnings(throughputScenario('rows'), [variant('b', 'rowsPerSec', aroundValue(3e9))], null, rates)
    expect(rows[0]?.message).toMatch(
      /above the plausible ceiling of 1\.0e\+9\/s for any machine: the job did not process the input it counts/,
    )
    const declared = plausibilityWarnings(throughputScenario('bytes', 2e9), [variant('b', 'bytesPerSec', aroundValue(4.3e9))], null, rates)
    expect(declared[0]?.message).toMatch(/above the plausible ceiling of 2\.0e\+9\/s the scenario declares/)
    const bytes = plausibilityWarnings(throughputScenario('bytes'), [variant('b', 'bytesPerSec', aroundValue(1e13))], null, rates)
    expect(bytes[0]?.message).toMatch(/5\.0e\+10\/s for any machine/)
    expect(rates.asked).toBe(0)
  })
})

describe('measureMemoryReadBytesPerSec', () => {
  it('returns a finite positive rate', () => {
    const rate = measureMemoryReadBytesPerSec()
    expect(Number.isFinite(rate) && rate > 0).toBe(true)
  })
})
