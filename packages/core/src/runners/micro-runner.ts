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
/** Calibration stops doubling here: an operation this fast in a batch this long is the floor itself. */
const MAX_CALIBRATION_BATCH = 1 << 24

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
  // Time whole batches, doubling them until one lasts minSampleNs; only batches that start
  // after 20 ms count, when the JIT has compiled the operation, and the faster of two
  // counts (compiling, GC and preemption on a busy machine only ever add time). Timing single
  // calls instead would add the clock's own cost (30–100 ns) to each, size the batches of a
  // 2 ns operation 50× too small, and let the clock dominate its samples: an operation the
  // JIT deleted (seed 001's "0.23 ns/op") would then sit well clear of the empty-call floor
  // it is checked against.
  let batch = 1
  let nsPerCall = Number.POSITIVE_INFINITY
  let counted = 0
  let longBatches = 0
  const started = now()
  while (counted < 2) {
    // Warm once 20 ms have passed, or, for an operation whose single call is long enough,
    // after its first call: a 1 s operation then costs three calls here, as it did before.
    const warm = now() - started >= 20 || (batch === 1 && longBatches > 0)
    const batchStarted = now()
    for (let i = 0; i < batch; i++) {
      // Await only a promise: awaiting a plain value would add a microtask turn per call.
      const result = operation()
      sink = result instanceof Promise ? await result : result
    }
    const batchNs = (now() - batchStarted) * 1e6
    if (batchNs < minSampleNs && batch < MAX_CALIBRATION_BATCH) batch *= 2
    else {
      longBatches++
      if (warm) {
        nsPerCall = Math.min(nsPerCall, batchNs / batch)
        counted++
      }
    }
  }
  return Math.max(1, Math.ceil(minSampleNs / Math.max(nsPerCall, 0.001)))
}

/**
 * The harness's own cost per call: an operation that does nothing, timed exactly like a
 * variant. A variant measured near this floor is indistinguishable from no work at all —
 * the JavaScript form of seed 001's "0.23 ns/op" — and is flagged as implausible.
 */
export async function measureHarnessFloor(roundMs: number, spec: MicroRunnerSpec): Promise<number> {
  // Variants are timed through call sites that have seen many different operations, so V8
  // calls them without inlining (megamorphic). Timed first, through sites that had seen only
  // it, the empty operation would be inlined and measure ~0.4 ns against a deleted variant's
  // ~4 ns call, and the check would never fire. Five distinct functions make the sites
  // megamorphic, as they are for the variants, before the floor is timed.
  const others: Operation<unknown>[] = [() => null, () => 0, () => false, () => '', () => 1]
  for (const other of others) await measureMicroRound(other, await calibrateBatchSize(other, spec), 1, false)
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
