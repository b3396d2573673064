import { Bench, now } from 'tinybench'
import type { MetricSpec } from '../scenario/metric.js'
import type { Operation } from '../scenario/scenario.js'
import { quantileOfSorted } from '../stats/quantiles.js'
import type { Measurement } from './measurement.js'
import type { MicroRunnerSpec } from './micro-spec.js'

export const MICRO_METRICS: MetricSpec[] = [
  { name: 'nsPerOp', unit: 'ns', better: 'lower', description: 'Median time of one call within the round' },
]

const DEFAULT_ROUND_MS = 200
const QUICK_ROUND_MS = 60
const DEFAULT_MIN_SAMPLE_NS = 10_000

/**
 * Results are written here so the engine cannot prove them unused and delete the call
 * (dead-code elimination is how seed 001's "0.23 ns/op ZIP extraction" happens).
 */
let sink: unknown

export function microRoundMs(spec: MicroRunnerSpec, quick: boolean): number {
  return spec.roundMs ?? (quick ? QUICK_ROUND_MS : DEFAULT_ROUND_MS)
}

/**
 * Picks how many calls make one timed sample: enough that a sample lasts at least
 * `minSampleNs`, so performance.now()'s resolution and cost (tens of ns) stay below 1% of it.
 * Decided once per variant and kept for the whole session, so every round times the same thing.
 */
export async function calibrateBatchSize(operation: Operation<unknown>, spec: MicroRunnerSpec): Promise<number> {
  const minSampleNs = spec.minSampleNs ?? DEFAULT_MIN_SAMPLE_NS
  let calls = 0
  const started = now()
  let elapsedMs = 0
  while (elapsedMs < 20 || calls < 3) {
    sink = await operation()
    calls++
    elapsedMs = now() - started
    if (calls > 10_000_000) break
  }
  const nsPerCall = (elapsedMs * 1e6) / calls
  return Math.max(1, Math.ceil(minSampleNs / Math.max(nsPerCall, 0.001)))
}

/**
 * The harness's own cost per call: an operation that does nothing, timed exactly like a
 * variant. A variant measured near this floor is indistinguishable from no work at all —
 * the JavaScript form of seed 001's "0.23 ns/op" — and is flagged as implausible.
 */
export async function measureHarnessFloor(roundMs: number, spec: MicroRunnerSpec): Promise<number> {
  const empty: Operation<unknown> = () => undefined
  const batchSize = await calibrateBatchSize(empty, spec)
  const measurement = await measureMicroRound(empty, batchSize, roundMs, false)
  return measurement.values.nsPerOp ?? Number.NaN
}

/** One round: sample the operation for `roundMs`, in batches, and report the median per call. */
export async function measureMicroRound(
  operation: Operation<unknown>,
  batchSize: number,
  roundMs: number,
  isAsync: boolean,
): Promise<Measurement> {
  const bench = new Bench({ time: roundMs, iterations: 5, warmup: false, retainSamples: true, throws: true })
  const timeBatch = isAsync
    ? async () => {
        const t0 = now()
        for (let i = 0; i < batchSize; i++) sink = await operation()
        const elapsed = now() - t0
        return { overriddenDuration: elapsed / batchSize, overriddenIterationCost: elapsed }
      }
    : () => {
        const t0 = now()
        for (let i = 0; i < batchSize; i++) sink = operation()
        const elapsed = now() - t0
        return { overriddenDuration: elapsed / batchSize, overriddenIterationCost: elapsed }
      }
  bench.add('op', timeBatch, { async: isAsync })
  await bench.run()
  const result = bench.tasks[0]?.result
  if (result === undefined || result.state !== 'completed') {
    const error = result !== undefined && result.state === 'errored' ? result.error : new Error(`tinybench ended in state ${result?.state}`)
    throw error
  }
  // tinybench returns retained samples sorted ascending, in ms per call (batch means).
  const samples = result.latency.samples ?? []
  return {
    values: { nsPerOp: quantileOfSorted(samples, 0.5) * 1e6 },
    detail: {
      samples: samples.length,
      batchSize,
      calls: samples.length * batchSize,
      p25NsPerOp: quantileOfSorted(samples, 0.25) * 1e6,
      p75NsPerOp: quantileOfSorted(samples, 0.75) * 1e6,
    },
    output: sink,
  }
}
