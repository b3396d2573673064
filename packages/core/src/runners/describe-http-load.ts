import type { RunnerRecord } from '../schema/result-file.js'
import { scheduleStages } from './arrival-schedule.js'
import {
  DEFAULT_CLOSED_DURATION_MS,
  DEFAULT_DROP_AFTER_MS,
  DEFAULT_LATE_AFTER_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WARMUP_MS,
  DEFAULT_WINDOW_MS,
} from './http-load-defaults.js'
import type { HttpLoadRunnerSpec } from './http-load-spec.js'

/**
 * The http-load runner's options as the flat record a result file keeps: the load profile
 * and the mix written out ("2000 → 10000 req/s over 30 s", "GET /drops ×60, POST /purchase ×40"),
 * since generator functions cannot be stored.
 */
export function describeHttpLoad(spec: HttpLoadRunnerSpec): RunnerRecord['options'] {
  const load = spec.load
  const options: RunnerRecord['options'] = { model: load.model }
  if (load.model === 'closed') {
    options.connections = load.connections
    options.pipelining = load.pipelining ?? 1
    if (load.requests !== undefined) options.requests = load.requests
    else options.durationMs = load.durationMs ?? DEFAULT_CLOSED_DURATION_MS
  } else {
    options.profile = scheduleStages(load)
      .map((s) =>
        s.startRate === s.endRate
          ? `${s.startRate} req/s for ${s.durationMs / 1000} s`
          : `${s.startRate} → ${s.endRate} req/s over ${s.durationMs / 1000} s`,
      )
      .join(', then ')
    options.maxConnections = load.maxConnections ?? DEFAULT_MAX_CONNECTIONS
    options.lateAfterMs = load.lateAfterMs ?? DEFAULT_LATE_AFTER_MS
    options.dropAfterMs = load.dropAfterMs ?? DEFAULT_DROP_AFTER_MS
  }
  options.mix = spec.routes
    .map((r) => `${r.method ?? 'GET'} ${typeof r.path === 'string' ? r.path : `${r.name} (generated)`} ×${r.weight ?? 1}`)
    .join(', ')
  options.windowMs = spec.windowMs ?? DEFAULT_WINDOW_MS
  options.warmupMs = spec.warmupMs ?? DEFAULT_WARMUP_MS
  options.timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const classes = Object.keys(spec.errorClasses ?? {})
  if (classes.length > 0) options.errorClasses = classes.join(', ')
  return options
}
