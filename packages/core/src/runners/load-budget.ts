import type { Budget } from '../scenario/budget.js'

/**
 * k6-style thresholds for the http-load runner, written as k6 writes them and turned into
 * dyno budgets: `loadBudget('p95 < 50ms')`, `loadBudget('errors < 0.1%')`,
 * `loadBudget('dropped < 1%')`, `loadBudget('throughput > 5000/s')`.
 *
 * Like a k6 threshold, the figure is taken over the whole session by default
 * (statistic 'pooled': the p95 of all rounds' histograms merged, total errors over total
 * requests). Budgets are absolute; they sit beside the relative verdicts against the baseline
 * variant, so a change can pass "no regression" and still break "p95 < 50 ms", or the reverse.
 */
const SUBJECTS: Record<string, { metric: string; kind: 'latency' | 'rate' | 'throughput' }> = {
  p50: { metric: 'p50LatencyUs', kind: 'latency' },
  p95: { metric: 'p95LatencyUs', kind: 'latency' },
  p99: { metric: 'p99LatencyUs', kind: 'latency' },
  errors: { metric: 'errorRate', kind: 'rate' },
  dropped: { metric: 'droppedRate', kind: 'rate' },
  late: { metric: 'lateRate', kind: 'rate' },
  throughput: { metric: 'throughputRps', kind: 'throughput' },
  rps: { metric: 'throughputRps', kind: 'throughput' },
}

const LATENCY_UNITS_US: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1_000_000 }

const EXPRESSION = /^\s*([a-z0-9]+)\s*(<|>)\s*([0-9]+(?:\.[0-9]+)?)\s*(us|µs|ms|s|%|\/s|req\/s|rps)?\s*$/

export interface LoadBudgetOptions {
  variant?: string
  reason?: string
  /** Default 'pooled' (over the whole session, as k6); 'median' judges the median round instead. */
  statistic?: Budget['statistic']
}

export function loadBudget(expression: string, options: LoadBudgetOptions = {}): Budget {
  const match = EXPRESSION.exec(expression)
  const fail = (why: string): never => {
    throw new TypeError(
      `loadBudget(${JSON.stringify(expression)}): ${why}. Write e.g. 'p95 < 50ms', 'errors < 0.1%', 'dropped < 1%' or 'throughput > 5000/s'`,
    )
  }
  if (match === null) return fail('not a threshold')
  const name = match[1] ?? ''
  const operator = match[2]
  const unit = match[4]
  const subject = SUBJECTS[name]
  if (subject === undefined) return fail(`unknown figure '${name}' (known: ${Object.keys(SUBJECTS).join(', ')})`)
  let limit = Number(match[3])
  if (subject.kind === 'latency') {
    // k6 thresholds on http_req_duration are in milliseconds; so is a bare number here.
    const scale = LATENCY_UNITS_US[unit ?? 'ms']
    if (scale === undefined) return fail(`'${unit}' is not a time unit (us, ms or s)`)
    limit *= scale
  } else if (subject.kind === 'rate') {
    if (unit === '%') limit /= 100
    else if (unit !== undefined) return fail(`'${unit}' is not a share (write 0.1% or 0.001)`)
    if (limit > 1) return fail('a share cannot exceed 100%')
  } else if (unit !== undefined && unit !== '/s' && unit !== 'req/s' && unit !== 'rps') {
    return fail(`'${unit}' is not a rate unit (/s)`)
  }
  const budget: Budget = { metric: subject.metric, statistic: options.statistic ?? 'pooled' }
  if (operator === '<') budget.max = limit
  else budget.min = limit
  if (options.variant !== undefined) budget.variant = options.variant
  budget.reason = options.reason ?? `k6-style threshold '${expression.trim()}'`
  return budget
}
