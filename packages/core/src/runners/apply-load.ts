import { performance } from 'node:perf_hooks'
import { profileDurationMs, scaleStages, scheduleStages } from './arrival-schedule.js'
import { runClosedLoad } from './closed-load-generator.js'
import {
  DEFAULT_CLOSED_DURATION_MS,
  DEFAULT_DROP_AFTER_MS,
  DEFAULT_LATE_AFTER_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_PRECONNECT,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WARMUP_MS,
  DEFAULT_WINDOW_MS,
  QUICK_CLOSED_DURATION_MS,
  QUICK_MAX_REQUESTS,
  QUICK_OPEN_DURATION_MS,
  QUICK_WARMUP_MS,
  QUICK_WINDOW_MS,
} from './http-load-defaults.js'
import type { HttpLoadRunnerSpec, OpenLoad } from './http-load-spec.js'
import type { RecordedLoad } from './load-recorder.js'
import { runOpenLoad } from './open-load-generator.js'
import { RequestSequence } from './request-sequence.js'
import { ResponseClassifier } from './response-classifier.js'

/** The runner's settings for one round, defaults applied and shortened for --quick. */
export interface ResolvedHttpLoad {
  windowMs: number
  warmupMs: number
  timeoutMs: number
}

export function resolveHttpLoad(spec: HttpLoadRunnerSpec, quick: boolean): ResolvedHttpLoad {
  const windowMs = spec.windowMs ?? DEFAULT_WINDOW_MS
  const warmupMs = spec.warmupMs ?? DEFAULT_WARMUP_MS
  return {
    windowMs: quick ? Math.min(windowMs, QUICK_WINDOW_MS) : windowMs,
    warmupMs: quick ? Math.min(warmupMs, QUICK_WARMUP_MS) : warmupMs,
    timeoutMs: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  }
}

function openStages(load: OpenLoad, quick: boolean) {
  const stages = scheduleStages(load)
  const total = profileDurationMs(load)
  return quick && total > QUICK_OPEN_DURATION_MS ? scaleStages(stages, QUICK_OPEN_DURATION_MS / total) : stages
}

export interface ApplyLoadInput {
  /** Port of the server under test on 127.0.0.1: load never goes anywhere else. */
  port: number
  spec: HttpLoadRunnerSpec
  /** Seeds the request sequence: the same seed gives every variant the same requests. */
  seed: number
  quick: boolean
  /** Called when the warm-up ends and the measurement starts (the runner resets the server's probe here). */
  onMeasureStart?: () => void
  signal?: AbortSignal
}

export interface AppliedLoad {
  recorded: RecordedLoad
  windowMs: number
  /** Open model: scheduled requests per second of the measured profile; null for the closed model. */
  offeredRps: number | null
  /** Share of the load's wall time the generator's event loop was busy (near 1: it may have set the pace). */
  generatorEventLoopUtilization: number
  generatorCpuMs: number
}

/**
 * Puts an http-load spec's load (warm-up, then the measured phase) on a server already
 * listening on 127.0.0.1, and returns what was recorded. The http-load runner calls this
 * around its own server process; `npm run bench:http` calls it against the same server as wrk.
 */
export async function applyLoad(input: ApplyLoadInput): Promise<AppliedLoad> {
  const { spec, quick } = input
  const settings = resolveHttpLoad(spec, quick)
  const common = {
    port: input.port,
    sequence: new RequestSequence(spec.routes, input.seed, `127.0.0.1:${input.port}`),
    classifier: new ResponseClassifier(spec.routes, spec.errorClasses),
    warmupMs: settings.warmupMs,
    timeoutMs: settings.timeoutMs,
    windowMs: settings.windowMs,
    ...(input.onMeasureStart ? { onMeasureStart: input.onMeasureStart } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  }
  const eluBefore = performance.eventLoopUtilization()
  const cpuBefore = process.cpuUsage()
  let recorded: RecordedLoad
  let offeredRps: number | null = null
  if (spec.load.model === 'closed') {
    const load = spec.load
    const requests =
      load.requests === undefined ? Number.POSITIVE_INFINITY : quick ? Math.min(load.requests, QUICK_MAX_REQUESTS) : load.requests
    const duration = load.requests !== undefined ? Number.POSITIVE_INFINITY : (load.durationMs ?? DEFAULT_CLOSED_DURATION_MS)
    recorded = await runClosedLoad({
      ...common,
      connections: load.connections,
      pipelining: load.pipelining ?? 1,
      durationMs: quick ? Math.min(duration, QUICK_CLOSED_DURATION_MS) : duration,
      requests,
    })
  } else {
    const load = spec.load
    const stages = openStages(load, quick)
    const maxConnections = load.maxConnections ?? DEFAULT_MAX_CONNECTIONS
    const first = stages[0]
    recorded = await runOpenLoad({
      ...common,
      stages,
      // Warm up at the profile's starting rate (its first target when it starts from zero).
      warmupRate: first === undefined ? 0 : first.startRate > 0 ? first.startRate : first.endRate,
      maxConnections,
      preconnect: Math.min(load.preconnect ?? DEFAULT_PRECONNECT, maxConnections),
      lateAfterMs: load.lateAfterMs ?? DEFAULT_LATE_AFTER_MS,
      dropAfterMs: load.dropAfterMs ?? DEFAULT_DROP_AFTER_MS,
    })
    const measuredMs = stages.reduce((sum, s) => sum + s.durationMs, 0)
    offeredRps = measuredMs > 0 ? recorded.scheduled / (measuredMs / 1000) : 0
  }
  const cpu = process.cpuUsage(cpuBefore)
  return {
    recorded,
    windowMs: settings.windowMs,
    offeredRps,
    generatorEventLoopUtilization: performance.eventLoopUtilization(eluBefore).utilization,
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
  }
}
