import type { CapturedProfile, ProfilerSettings } from '../profile/inspector-profiler.js'
import type { MetricSpec } from '../scenario/metric.js'
import type { LoadRoundRecord } from '../schema/result-file.js'
import { percentileUs } from '../stats/latency-histogram.js'
import { type AppliedLoad, applyLoad } from './apply-load.js'
import type { HttpLoadRunnerSpec } from './http-load-spec.js'
import type { ServerMetrics } from './http-server-probe.js'
import type { ServerSpec } from './http-server-spec.js'
import type { Measurement } from './measurement.js'
import { CONNECTION_CLASS, TIMEOUT_CLASS } from './response-classifier.js'
import { ServerProcess } from './server-process.js'

/**
 * One round of the http-load runner: start the variant's server in a process of its own,
 * warm it up, put the load on it while recording µs latencies per window, read the server's
 * probe, stop it. A profiled round also profiles the server process over the measured phase. Every figure of the round comes from the round's merged histogram and
 * counters; the windows are kept for within-round intervals and time series (see
 * load-statistics.ts for how rounds and windows feed dyno's statistics).
 */

const SERVER_METRICS: MetricSpec[] = [
  { name: 'serverCpuUsPerRequest', unit: 'us', better: 'lower', description: 'Server CPU time (user + system) per successful response' },
  { name: 'serverCpuUserMs', unit: 'ms', better: 'lower', description: 'Server CPU time in user mode during the measurement' },
  { name: 'serverCpuSystemMs', unit: 'ms', better: 'lower', description: 'Server CPU time in the kernel during the measurement' },
  {
    name: 'serverPeakRssBytes',
    unit: 'bytes',
    better: 'lower',
    description: 'Highest resident memory of the server process during the measurement',
  },
  {
    name: 'serverGcPauseMs',
    unit: 'ms',
    better: 'lower',
    description: 'Total garbage-collection pause in the server during the measurement',
  },
  { name: 'serverGcMaxPauseMs', unit: 'ms', better: 'lower', description: 'Longest single garbage-collection pause in the server' },
  {
    name: 'serverEventLoopDelayP99Us',
    unit: 'us',
    better: 'lower',
    description: "99th percentile of the server's event-loop delay (monitorEventLoopDelay, beyond its 10 ms sampling interval)",
  },
  {
    name: 'serverMaxActiveHandles',
    unit: 'count',
    better: 'lower',
    description: 'Most active handles (sockets, timers) in the server at once',
  },
]

const LATENCY_METRICS: MetricSpec[] = [
  {
    name: 'p50LatencyUs',
    unit: 'us',
    better: 'lower',
    description: 'Median latency of successful responses in the round (merged windows)',
  },
  { name: 'p95LatencyUs', unit: 'us', better: 'lower', description: '95th percentile latency of successful responses in the round' },
  { name: 'p99LatencyUs', unit: 'us', better: 'lower', description: '99th percentile latency of successful responses in the round' },
]

const THROUGHPUT_METRIC: MetricSpec = {
  name: 'throughputRps',
  unit: 'req/s',
  better: 'higher',
  description: 'Successful responses per second (errors excluded, so failing fast never looks fast)',
}

const ERROR_RATE_METRIC: MetricSpec = {
  name: 'errorRate',
  unit: 'fraction',
  better: 'lower',
  description:
    'Failed requests (error statuses, scenario-defined classes, timeouts, lost connections) over all answered or failed requests',
}

/**
 * The closed model leads with throughput (it asks "how fast can it go"); the open model leads
 * with p95 latency at the offered rate (it asks "how fast does it answer under this load"),
 * and adds the shares of requests dropped and sent late.
 */
export function httpLoadMetrics(spec: HttpLoadRunnerSpec): MetricSpec[] {
  if (spec.load.model === 'closed') return [THROUGHPUT_METRIC, ...LATENCY_METRICS, ERROR_RATE_METRIC, ...SERVER_METRICS]
  const [p50, p95, p99] = LATENCY_METRICS as [MetricSpec, MetricSpec, MetricSpec]
  return [
    p95,
    p50,
    p99,
    THROUGHPUT_METRIC,
    ERROR_RATE_METRIC,
    {
      name: 'droppedRate',
      unit: 'fraction',
      better: 'lower',
      description: 'Scheduled requests never sent: no free connection within dropAfterMs',
    },
    { name: 'lateRate', unit: 'fraction', better: 'lower', description: 'Scheduled requests sent later than lateAfterMs after their time' },
    ...SERVER_METRICS,
  ]
}

export interface HttpLoadRoundInput {
  spec: HttpLoadRunnerSpec
  server: ServerSpec
  seed: number
  quick: boolean
  /** Node flags for the server process (a TypeScript loader when the server module is .ts). */
  execArgv?: readonly string[]
  /**
   * Profile the server process over the measured phase (from the end of the warm-up to the end
   * of the load): the work an http-load round measures runs there, not in this process.
   */
  profile?: ProfilerSettings
  signal?: AbortSignal
}

export interface HttpLoadMeasurement extends Measurement {
  load: LoadRoundRecord
  /** The server process's profile of the measured phase, when one was asked for. */
  serverProfile?: CapturedProfile
}

export async function measureHttpLoadRound(input: HttpLoadRoundInput): Promise<HttpLoadMeasurement> {
  const server = await ServerProcess.start(input.server, { execArgv: serverExecArgv(input.server, input.execArgv ?? []) })
  const abort = new AbortController()
  const onAbort = () => abort.abort(input.signal?.reason)
  input.signal?.addEventListener('abort', onAbort, { once: true })
  // A server that dies under load ends the round at once, with its own last words.
  void server.whenExited().then(() => abort.abort(server.exitError('during the load')))
  const profile = input.profile
  let profiling = false
  try {
    const applied = await applyLoad({
      port: server.listeningPort,
      spec: input.spec,
      seed: input.seed,
      quick: input.quick,
      onMeasureStart: () => {
        server.resetProbe()
        if (profile !== undefined) {
          server.startProfile(profile)
          profiling = true
        }
      },
      signal: abort.signal,
    })
    if (server.exited !== null) throw server.exitError('during the load')
    // The probe first: stopping the profiler costs the server CPU time, which is not the load's.
    const metrics = await server.readProbe()
    const measurement = toMeasurement(input.spec, applied, metrics)
    if (profiling) measurement.serverProfile = await server.stopProfile()
    return measurement
  } finally {
    input.signal?.removeEventListener('abort', onAbort)
    await server.stop()
  }
}

/** A TypeScript server module needs the same loader as the scenario; a built one runs plain. */
function serverExecArgv(server: ServerSpec, execArgv: readonly string[]): readonly string[] {
  return /\.(c|m)?ts$/.test(server.module) ? execArgv : []
}

function toMeasurement(spec: HttpLoadRunnerSpec, applied: AppliedLoad, server: ServerMetrics): HttpLoadMeasurement {
  const { recorded } = applied
  const seconds = recorded.durationMs / 1000
  const answered = recorded.ok + recorded.errors
  const merged = recorded.merged
  const values: Record<string, number> = {
    throughputRps: seconds > 0 ? recorded.ok / seconds : 0,
    errorRate: answered > 0 ? recorded.errors / answered : 0,
    serverCpuUsPerRequest: recorded.ok > 0 ? ((server.cpuUserMs + server.cpuSystemMs) * 1000) / recorded.ok : 0,
    serverCpuUserMs: server.cpuUserMs,
    serverCpuSystemMs: server.cpuSystemMs,
    serverPeakRssBytes: server.peakRssBytes,
    serverGcPauseMs: server.gcPauseMs,
    serverGcMaxPauseMs: server.gcMaxPauseMs,
    serverEventLoopDelayP99Us: server.eventLoopDelayP99Us,
    serverMaxActiveHandles: server.maxActiveHandles,
  }
  // No latency figure for a round without a single success: absent, not zero.
  for (const [name, percentile] of [
    ['p50LatencyUs', 50],
    ['p95LatencyUs', 95],
    ['p99LatencyUs', 99],
  ] as const) {
    const value = percentileUs(merged, percentile)
    if (value !== null) values[name] = value
  }
  const detail: Record<string, number> = {
    measuredMs: recorded.durationMs,
    windows: recorded.windows.length,
    ok: recorded.ok,
    errors: recorded.errors,
    timeouts: recorded.errorsByClass[TIMEOUT_CLASS] ?? 0,
    connectionErrors: recorded.errorsByClass[CONNECTION_CLASS] ?? 0,
    meanLatencyUs: merged.totalCount > 0 ? merged.mean : 0,
    p999LatencyUs: percentileUs(merged, 99.9) ?? 0,
    maxLatencyUs: merged.totalCount > 0 ? merged.maxValue : 0,
    serverGcCount: server.gcCount,
    serverEventLoopDelayMaxUs: server.eventLoopDelayMaxUs,
    generatorEventLoopUtilization: applied.generatorEventLoopUtilization,
    generatorCpuMs: applied.generatorCpuMs,
  }
  if (spec.load.model === 'closed') {
    detail.connections = spec.load.connections
    detail.pipelining = spec.load.pipelining ?? 1
  } else {
    const scheduled = recorded.scheduled
    values.droppedRate = scheduled > 0 ? recorded.dropped / scheduled : 0
    values.lateRate = scheduled > 0 ? recorded.late / scheduled : 0
    detail.offeredRps = applied.offeredRps ?? 0
    detail.scheduled = scheduled
    detail.sent = recorded.sent
    detail.late = recorded.late
    detail.dropped = recorded.dropped
    detail.generatorLagP50Us = percentileUs(recorded.generatorLag, 50) ?? 0
    detail.generatorLagP99Us = percentileUs(recorded.generatorLag, 99) ?? 0
  }
  return {
    values,
    detail,
    output: undefined,
    load: {
      model: spec.load.model,
      windowMs: applied.windowMs,
      windows: recorded.windows,
      errorsByClass: recorded.errorsByClass,
      routes: recorded.routes,
      intervals: {},
    },
  }
}
