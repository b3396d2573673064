import { rateMetricName } from '../runners/throughput-runner.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { VariantResult } from '../schema/result-file.js'
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

export function plausibilityWarnings(
  resolved: ResolvedScenario,
  variants: readonly VariantResult[],
  harnessFloorNsPerOp: number | null,
): Warning[] {
  const warnings: Warning[] = []
  const runner = resolved.spec.runner
  for (const variant of variants) {
    const primary = variant.summaries[resolved.primaryMetric]
    if (primary === undefined || primary.n === 0) continue
    if (runner.kind === 'micro' && primary.median < MIN_PLAUSIBLE_NS_PER_OP) {
      warnings.push({
        code: 'implausible-speed',
        severity: 'error',
        variant: variant.name,
        metric: resolved.primaryMetric,
        message: `${variant.name} took ${primary.median.toPrecision(2)} ns per call, less than one CPU cycle: the work was most likely optimised away or never ran (compare seed 001's "0.23 ns/op" ZIP extraction). Return or use the operation's result.`,
      })
    } else if (runner.kind === 'micro' && harnessFloorNsPerOp !== null && primary.median < FLOOR_FACTOR * harnessFloorNsPerOp) {
      warnings.push({
        code: 'implausible-speed',
        severity: 'error',
        variant: variant.name,
        metric: resolved.primaryMetric,
        message: `${variant.name} took ${primary.median.toPrecision(3)} ns per call, within ${FLOOR_FACTOR}× of an empty call in this harness (${harnessFloorNsPerOp.toPrecision(3)} ns): it measured the harness, not the work. The work was probably optimised away (compare seed 001's "0.23 ns/op" ZIP extraction), or it is too small to time alone — benchmark a larger unit of it.`,
      })
    }
    if (runner.kind === 'throughput') {
      const limit = runner.maxPlausiblePerSec ?? (runner.unit === 'bytes' ? DEFAULT_MAX_BYTES_PER_SEC : DEFAULT_MAX_UNITS_PER_SEC)
      const metric = rateMetricName(runner.unit)
      const rate = variant.summaries[metric]
      if (rate !== undefined && rate.median > limit) {
        warnings.push({
          code: 'implausible-throughput',
          severity: 'error',
          variant: variant.name,
          metric,
          message: `${variant.name} reports ${rate.median.toExponential(2)} ${runner.unit}/s, above the plausible ceiling of ${limit.toExponential(1)}/s for this machine: check that the job really processes its input.`,
        })
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
