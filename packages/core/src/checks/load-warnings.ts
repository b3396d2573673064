import type { RunnerRecord, VariantResult } from '../schema/result-file.js'
import { median } from '../stats/quantiles.js'
import type { Warning } from './warning.js'

/**
 * What a reader of an http-load result must know before trusting its latencies: the closed
 * model cannot see queueing; an open-model run whose server (or generator) could not keep
 * up; a generator that was itself the bottleneck.
 */
const GENERATOR_SATURATED_ELU = 0.95
/** Below this many server cores busy, a saturated generator is the likelier limit. */
const SERVER_BUSY_CORES = 0.9
const LAG_FLOOR_US = 1000
const LAG_SHARE_OF_P99 = 0.25
const ACHIEVED_SHARE = 0.9

function medianDetail(variant: VariantResult, key: string): number | null {
  const values = variant.rounds.flatMap((r) => (r.status === 'ok' && r.detail[key] !== undefined ? [r.detail[key] as number] : []))
  return values.length > 0 ? median(values) : null
}

function medianValue(variant: VariantResult, key: string): number | null {
  const values = variant.rounds.flatMap((r) => (r.status === 'ok' && r.values[key] !== undefined ? [r.values[key] as number] : []))
  return values.length > 0 ? median(values) : null
}

function percent(fraction: number): string {
  return `${(fraction * 100).toPrecision(2)}%`
}

/**
 * Reads the runner as recorded (describeHttpLoad), not its spec: compare-refs has only the
 * record each build described, with its load in plain figures.
 */
export function loadWarnings(runner: RunnerRecord, variants: readonly VariantResult[]): Warning[] {
  const warnings: Warning[] = []
  const load = runner.options
  if (load.model === 'closed') {
    warnings.push({
      code: 'closed-model-hides-queueing',
      severity: 'warning',
      message: `closed model: each of the ${load.connections} connections waits for its response before sending again, so when the server stalls the load stops and the stall reaches only a handful of samples (coordinated omission). These latencies are service times at this concurrency, not what clients arriving at a steady rate would see; use openModel() to measure latency under load.`,
    })
  }
  for (const variant of variants) {
    if (variant.status !== 'completed') continue
    const elu = medianDetail(variant, 'generatorEventLoopUtilization')
    const measuredMs = medianDetail(variant, 'measuredMs')
    const serverCpuMs = (medianValue(variant, 'serverCpuUserMs') ?? 0) + (medianValue(variant, 'serverCpuSystemMs') ?? 0)
    const serverCores = measuredMs !== null && measuredMs > 0 ? serverCpuMs / measuredMs : null
    if (elu !== null && elu > GENERATOR_SATURATED_ELU && serverCores !== null && serverCores < SERVER_BUSY_CORES) {
      warnings.push({
        code: 'load-generator-saturated',
        severity: 'warning',
        variant: variant.name,
        message: `${variant.name}: dyno's load generator was busy ${percent(elu)} of the time while the server used ${serverCores.toFixed(2)} cores: the generator, not the server, may have set the pace.`,
      })
    }
    if (load.model !== 'open') continue
    const dropped = variant.pooled?.values.droppedRate ?? medianValue(variant, 'droppedRate')
    if (dropped !== null && dropped > 0) {
      warnings.push({
        code: 'requests-dropped',
        severity: 'warning',
        variant: variant.name,
        metric: 'droppedRate',
        message: `${variant.name}: ${percent(dropped)} of the scheduled requests were dropped (no free connection within ${load.dropAfterMs ?? 1000} ms): the server could not keep up with the offered rate, or maxConnections is too low. Latency percentiles describe only the requests that were sent.`,
      })
    }
    const offered = medianDetail(variant, 'offeredRps')
    const achieved = medianValue(variant, 'throughputRps')
    if (offered !== null && achieved !== null && offered > 0 && achieved < ACHIEVED_SHARE * offered) {
      warnings.push({
        code: 'offered-rate-not-achieved',
        severity: 'warning',
        variant: variant.name,
        metric: 'throughputRps',
        message: `${variant.name}: achieved ${achieved.toFixed(0)} successful req/s of ${offered.toFixed(0)} offered: the server is past its capacity at this rate (or failing).`,
      })
    }
    const lag = medianDetail(variant, 'generatorLagP99Us')
    const p99 = medianValue(variant, 'p99LatencyUs')
    if (lag !== null && lag > LAG_FLOOR_US && p99 !== null && lag > LAG_SHARE_OF_P99 * p99) {
      warnings.push({
        code: 'load-generator-late',
        severity: 'warning',
        variant: variant.name,
        message: `${variant.name}: the generator took up 1% of requests more than ${(lag / 1000).toFixed(1)} ms after their scheduled time, a large part of the p99 latency: the machine was too busy to send on time, and that lateness is inside the latencies.`,
      })
    }
  }
  return warnings
}
