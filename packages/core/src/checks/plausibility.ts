import { rateMetricName } from '../runners/throughput-runner.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { VariantResult } from '../schema/result-file.js'
import { measureMemoryReadBytesPerSec } from './memory-read-rate.js'
import type { Warning } from './warning.js'

/**
 * Guards against figures that cannot be true. Seed 001 reported ZIP extraction at
 * "0.23 ns/op, 43 GB/s": less than one CPU cycle per operation, i.e. the benchmark measured
 * an empty loop. dyno flags such results instead of printing them proudly.
 */
const MIN_PLAUSIBLE_NS_PER_OP = 1
/** Within this factor of the empty-operation floor, a variant's own work cannot be told apart from none. */
const FLOOR_FACTOR = 1.5
const DEFAULT_MAX_UNITS_PER_SEC = 1e9
const DEFAULT_MAX_BYTES_PER_SEC = 5e10
/**
 * A byte rate is judged against this machine's memory read rate only above this: no byte job
 * that slow needs the ~50 ms measurement, and it keeps a momentarily slow measurement on a
 * busy machine from flagging honest jobs.
 */
const MIN_BYTES_CEILING = 5e9
/**
 * Headroom over the measured read rate: the measurement itself varies on a shared machine,
 * and a job whose input partly stays in a large cache may read a little faster than a scan of
 * 64 MiB does.
 */
const MEMORY_READ_FACTOR = 2

/** What the checks need to know about this machine; measured only when a figure calls for it. */
export interface MachineRates {
  memoryReadBytesPerSec(): number
}

export const MEASURED_MACHINE: MachineRates = { memoryReadBytesPerSec: measureMemoryReadBytesPerSec }

export function plausibilityWarnings(
  resolved: ResolvedScenario,
  variants: readonly VariantResult[],
  harnessFloorNsPerOp: number | null,
  machine: MachineRates = MEASURED_MACHINE,
): Warning[] {
  const warnings: Warning[] = []
  let memoryReadBytesPerSec: number | undefined
  const readRate = () => {
    memoryReadBytesPerSec ??= machine.memoryReadBytesPerSec()
    return memoryReadBytesPerSec
  }
  const runner = resolved.spec.runner
  for (const variant of variants) {
    const primary = variant.summaries[resolved.primaryMetric]
    if (primary === undefined || primary.n === 0) continue
    // A micro variant is judged by its fastest round: noise only ever adds time, and an
    // operation the JIT deletes runs unoptimised, at several times the floor, until the
    // optimising compiler gets to it — on a busy machine that can be the first rounds, enough
    // to lift the median clear of the floor while the later rounds time nothing at all.
    const fastest = primary.min
    const timed = fastest === primary.median ? '' : ` in its fastest round (median ${primary.median.toPrecision(3)} ns)`
    if (runner.kind === 'micro' && fastest < MIN_PLAUSIBLE_NS_PER_OP) {
      warnings.push({
        code: 'implausible-speed',
        severity: 'error',
        variant: variant.name,
        metric: resolved.primaryMetric,
        message: `${variant.name} took ${fastest.toPrecision(2)} ns per call${timed}, less than one CPU cycle: the work was most likely optimised away or never ran (compare seed 001's "0.23 ns/op" ZIP extraction). Return or use the operation's result.`,
      })
    } else if (runner.kind === 'micro' && harnessFloorNsPerOp !== null && fastest < FLOOR_FACTOR * harnessFloorNsPerOp) {
      warnings.push({
        code: 'implausible-speed',
        severity: 'error',
        variant: variant.name,
        metric: resolved.primaryMetric,
        message: `${variant.name} took ${fastest.toPrecision(3)} ns per call${timed}, within ${FLOOR_FACTOR}× of an empty call in this harness (${harnessFloorNsPerOp.toPrecision(3)} ns): it measured the harness, not the work. The work was probably optimised away (compare seed 001's "0.23 ns/op" ZIP extraction), or it is too small to time alone — benchmark a larger unit of it.`,
      })
    }
    if (runner.kind === 'throughput') {
      const metric = rateMetricName(runner.unit)
      const rate = variant.summaries[metric]
      const fixed = runner.maxPlausiblePerSec ?? (runner.unit === 'bytes' ? DEFAULT_MAX_BYTES_PER_SEC : DEFAULT_MAX_UNITS_PER_SEC)
      if (rate !== undefined && rate.median > fixed) {
        warnings.push({
          code: 'implausible-throughput',
          severity: 'error',
          variant: variant.name,
          metric,
          message: `${variant.name} reports ${rate.median.toExponential(2)} ${runner.unit}/s, above the plausible ceiling of ${fixed.toExponential(1)}/s${runner.maxPlausiblePerSec === undefined ? ' for any machine' : ' the scenario declares'}: the job did not process the input it counts. Its work was probably optimised away or done outside run() (result unused, constant input, a result cached across rounds): make run() process its input every round and return what it produced.`,
        })
      } else if (
        rate !== undefined &&
        runner.unit === 'bytes' &&
        runner.maxPlausiblePerSec === undefined &&
        rate.median > MIN_BYTES_CEILING
      ) {
        const ceiling = MEMORY_READ_FACTOR * readRate()
        if (rate.median > ceiling) {
          warnings.push({
            code: 'implausible-throughput',
            severity: 'error',
            variant: variant.name,
            metric,
            message: `${variant.name} reports ${formatRate(rate.median)}, more than ${MEMORY_READ_FACTOR}× what one core of this machine can even read from memory (${formatRate(readRate())}, a memchr over 64 MiB): the job cannot have looked at every byte it counts, so it measured something else (compare seed 001's "43 GB/s" ZIP extraction). Its work was probably optimised away or done outside run() (result unused, constant input, the same small buffer processed again and again from cache): make run() process fresh input every round and return what it produced. If the job really skips bytes it counts, say so with maxPlausiblePerSec.`,
          })
        }
      }
    }
    if (primary.n >= 3 && primary.min === primary.max) {
      warnings.push({
        code: 'zero-variance',
        severity: 'warning',
        variant: variant.name,
        metric: resolved.primaryMetric,
        message: `every round of ${variant.name} measured exactly ${primary.min}: real timings always vary, so the clock or the measured work is probably not what it seems.`,
      })
    }
  }
  return warnings
}

function formatRate(bytesPerSec: number): string {
  return `${(bytesPerSec / 1e9).toPrecision(3)} GB/s`
}
