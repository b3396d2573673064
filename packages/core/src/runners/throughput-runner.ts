import type { MetricSpec } from '../scenario/metric.js'
import type { Operation } from '../scenario/scenario.js'
import type { Measurement } from './measurement.js'
import { withResourceMonitor } from './resource-monitor.js'
import type { ThroughputRunnerSpec } from './throughput-spec.js'

export function rateMetricName(unit: string): string {
  return `${unit}PerSec`
}

export function throughputMetrics(spec: ThroughputRunnerSpec): MetricSpec[] {
  return [
    {
      name: rateMetricName(spec.unit),
      unit: `${spec.unit}/s`,
      better: 'higher',
      description: `${spec.unit} processed per second of wall time`,
    },
    { name: 'wallMs', unit: 'ms', better: 'lower', description: 'Wall time of the whole job' },
    { name: 'cpuMs', unit: 'ms', better: 'lower', description: 'CPU time (user + system) of the measuring process during the job' },
    {
      name: 'peakRssBytes',
      unit: 'bytes',
      better: 'lower',
      description: 'Peak resident memory (exact in an isolated process, sampled otherwise)',
    },
    { name: 'gcPauseMs', unit: 'ms', better: 'lower', description: 'Total garbage-collection pause during the job' },
    { name: 'eventLoopUtilization', unit: 'fraction', better: 'lower', description: 'Share of wall time the event loop was busy' },
  ]
}

/** One round: run the whole job once and read the counters around it. */
export async function measureThroughputRound(
  operation: Operation<unknown>,
  spec: ThroughputRunnerSpec,
  isolatedProcess: boolean,
): Promise<Measurement> {
  const { output, usage } = await withResourceMonitor(operation, { isolatedProcess })
  const units = typeof spec.units === 'number' ? spec.units : spec.units(output)
  if (typeof units !== 'number' || !Number.isFinite(units) || units < 0) {
    throw new TypeError(`the scenario's units counter returned ${String(units)}; it must return a non-negative number`)
  }
  return {
    values: {
      [rateMetricName(spec.unit)]: usage.wallMs > 0 ? units / (usage.wallMs / 1000) : 0,
      wallMs: usage.wallMs,
      cpuMs: usage.cpuUserMs + usage.cpuSystemMs,
      peakRssBytes: usage.peakRssBytes,
      gcPauseMs: usage.gcPauseMs,
      eventLoopUtilization: usage.eventLoopUtilization,
    },
    detail: {
      units,
      cpuUserMs: usage.cpuUserMs,
      cpuSystemMs: usage.cpuSystemMs,
      gcCount: usage.gcCount,
      peakRssExact: usage.peakRssExact,
    },
    output,
  }
}
