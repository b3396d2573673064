import type { Budget } from '../scenario/budget.js'
import { expectedArrivals, scheduleStages } from './arrival-schedule.js'
import { DEFAULT_CLOSED_DURATION_MS, DEFAULT_WINDOW_MS } from './http-load-defaults.js'
import type { HttpLoadRunnerSpec } from './http-load-spec.js'

/**
 * Checks an http-load runner spec before anything runs, so a typo never costs a round. The
 * limits keep the load bounded in count and time: load goes to a server on this machine, and
 * a scenario that asks for a day of load or a billion requests is a mistake.
 */
const MAX_ROUND_MS = 3_600_000
const MAX_REQUESTS_PER_ROUND = 50_000_000
const MAX_CONNECTIONS = 10_000
/** Each window stores a histogram of ~1 KB: a round keeps at most this many, so result files stay small. */
const MAX_WINDOWS_PER_ROUND = 3600
const ROUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
/** Metrics whose pooled value (over all rounds at once) dyno computes; see load-statistics.ts. */
export const POOLED_METRICS = ['p50LatencyUs', 'p95LatencyUs', 'p99LatencyUs', 'throughputRps', 'errorRate', 'droppedRate', 'lateRate']

function positive(value: number | undefined): boolean {
  return value === undefined || (Number.isFinite(value) && value > 0)
}

function positiveInteger(value: number | undefined): boolean {
  return value === undefined || (Number.isInteger(value) && value > 0)
}

export function httpLoadProblems(spec: HttpLoadRunnerSpec, where: string): string[] {
  const problems: string[] = []
  const load = spec.load as HttpLoadRunnerSpec['load'] | undefined
  if (load === undefined || (load.model !== 'closed' && load.model !== 'open')) {
    problems.push(`${where}: http-load needs load: closedModel({ … }) or openModel({ … })`)
  } else if (load.model === 'closed') {
    if (!positiveInteger(load.connections) || load.connections > MAX_CONNECTIONS)
      problems.push(`${where}: closed model connections must be a whole number from 1 to ${MAX_CONNECTIONS}`)
    if (!positiveInteger(load.pipelining)) problems.push(`${where}: closed model pipelining must be a whole number ≥ 1`)
    if (load.durationMs !== undefined && load.requests !== undefined)
      problems.push(`${where}: closed model takes durationMs or requests, not both`)
    if (!positive(load.durationMs) || (load.durationMs ?? DEFAULT_CLOSED_DURATION_MS) > MAX_ROUND_MS)
      problems.push(`${where}: closed model durationMs must be positive and at most an hour`)
    if (!positiveInteger(load.requests) || (load.requests ?? 0) > MAX_REQUESTS_PER_ROUND)
      problems.push(`${where}: closed model requests must be a whole number from 1 to ${MAX_REQUESTS_PER_ROUND.toLocaleString('en')}`)
  } else {
    const stages = 'rate' in load ? null : load.stages
    if ('rate' in load) {
      if (!positive(load.rate)) problems.push(`${where}: open model rate must be a positive number of requests per second`)
      if (!positive(load.durationMs)) problems.push(`${where}: open model durationMs must be positive`)
    } else if (!Array.isArray(stages) || stages.length === 0 || !(load.startRate >= 0)) {
      problems.push(`${where}: open model needs { rate, durationMs } or { startRate, stages: [{ durationMs, targetRate }, …] }`)
    } else {
      for (const [i, stage] of stages.entries()) {
        if (!positive(stage.durationMs)) problems.push(`${where}: open model stages[${i}].durationMs must be positive`)
        if (!(stage.targetRate >= 0) || !Number.isFinite(stage.targetRate))
          problems.push(`${where}: open model stages[${i}].targetRate must be a rate ≥ 0`)
      }
    }
    if (problems.length === 0) {
      const planned = scheduleStages(load)
      const total = planned.reduce((sum, s) => sum + s.durationMs, 0)
      const arrivals = expectedArrivals(planned)
      if (total > MAX_ROUND_MS) problems.push(`${where}: open model profile lasts ${total} ms; at most an hour per round`)
      if (arrivals > MAX_REQUESTS_PER_ROUND)
        problems.push(`${where}: open model schedules ${arrivals} requests per round; at most ${MAX_REQUESTS_PER_ROUND}`)
      if (arrivals < 1) problems.push(`${where}: open model schedules no request at all`)
    }
    if (!positiveInteger(load.maxConnections) || (load.maxConnections ?? 0) > MAX_CONNECTIONS)
      problems.push(`${where}: open model maxConnections must be a whole number from 1 to ${MAX_CONNECTIONS}`)
    if (load.preconnect !== undefined && !(Number.isInteger(load.preconnect) && load.preconnect >= 0))
      problems.push(`${where}: open model preconnect must be a whole number ≥ 0`)
    if (!positive(load.lateAfterMs)) problems.push(`${where}: open model lateAfterMs must be positive`)
    if (!positive(load.dropAfterMs)) problems.push(`${where}: open model dropAfterMs must be positive`)
  }
  const routes = Array.isArray(spec.routes) ? spec.routes : []
  if (routes.length === 0) problems.push(`${where}: http-load needs at least one route in routes`)
  const names = new Set<string>()
  for (const [i, route] of routes.entries()) {
    if (!ROUTE_NAME.test(route.name ?? ''))
      problems.push(`${where}: routes[${i}].name must be a short name of letters, digits, '.', '_' or '-'`)
    else if (names.has(route.name)) problems.push(`${where}: route name '${route.name}' is used twice`)
    names.add(route.name)
    if (route.weight !== undefined && !(Number.isFinite(route.weight) && route.weight > 0))
      problems.push(`${where}: routes[${i}] (${route.name}) weight must be a positive number`)
    if (typeof route.path === 'string' && !route.path.startsWith('/'))
      problems.push(`${where}: routes[${i}] (${route.name}) path must start with '/'`)
    if (typeof route.path !== 'string' && typeof route.path !== 'function')
      problems.push(`${where}: routes[${i}] (${route.name}) needs a path (a string or a function of the request)`)
  }
  if (spec.windowMs !== undefined && !(spec.windowMs >= 10)) problems.push(`${where}: windowMs must be at least 10 ms`)
  const measuredMs = measuredDurationMs(spec)
  const windowMs = spec.windowMs ?? DEFAULT_WINDOW_MS
  if (measuredMs !== null && windowMs >= 10 && measuredMs / windowMs > MAX_WINDOWS_PER_ROUND) {
    problems.push(
      `${where}: ${Math.ceil(measuredMs / windowMs)} windows per round; at most ${MAX_WINDOWS_PER_ROUND} (make windowMs longer)`,
    )
  }
  if (spec.warmupMs !== undefined && !(spec.warmupMs >= 0)) problems.push(`${where}: warmupMs must be ≥ 0`)
  if (!positive(spec.timeoutMs)) problems.push(`${where}: timeoutMs must be positive`)
  for (const [name, classify] of Object.entries(spec.errorClasses ?? {})) {
    if (typeof classify !== 'function') problems.push(`${where}: errorClasses.${name} must be a function of the response`)
  }
  return problems
}

/** Measured time of one round, when the spec fixes it (not for a closed model that stops on a count). */
function measuredDurationMs(spec: HttpLoadRunnerSpec): number | null {
  const load = spec.load as HttpLoadRunnerSpec['load'] | undefined
  if (load === undefined) return null
  if (load.model === 'closed') return load.requests === undefined ? (load.durationMs ?? DEFAULT_CLOSED_DURATION_MS) : null
  try {
    return scheduleStages(load).reduce((sum, s) => sum + s.durationMs, 0)
  } catch {
    return null
  }
}

/** Budgets on pooled figures must name a metric dyno can pool. */
export function pooledBudgetProblems(budgets: readonly Budget[], where: string): string[] {
  return budgets.flatMap((budget, i) =>
    budget.statistic === 'pooled' && !POOLED_METRICS.includes(budget.metric)
      ? [`${where}: budgets[${i}] asks for the pooled ${budget.metric}, but only ${POOLED_METRICS.join(', ')} can be pooled`]
      : [],
  )
}
