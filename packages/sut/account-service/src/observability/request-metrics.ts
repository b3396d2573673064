/** The operations the service counts, one label value each. */
export const OPERATIONS = ['create', 'get', 'list', 'deposit', 'withdraw', 'transfer', 'other'] as const
export type OperationName = (typeof OPERATIONS)[number]

/** Upper bounds of the latency histogram buckets, in seconds (Prometheus' default buckets). */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const

/**
 * Request counters and a latency histogram per operation and status, rendered in the
 * Prometheus text format at GET /metrics. Two implementations differ only in when the work
 * happens: on every request, or in batches.
 */
export interface RequestMetrics {
  record(operation: OperationName, status: number, durationSeconds: number): void
  /** The Prometheus exposition text, with everything recorded so far. */
  render(): string
  close(): void
}

/** Aggregated counts for one (operation, status) series. */
export interface Series {
  count: number
  sumSeconds: number
  /** Cumulative bucket counts, as Prometheus wants them, plus +Inf at the end. */
  buckets: number[]
}

export function newSeries(): Series {
  return { count: 0, sumSeconds: 0, buckets: new Array(LATENCY_BUCKETS_SECONDS.length + 1).fill(0) }
}

export function observe(series: Series, durationSeconds: number): void {
  series.count++
  series.sumSeconds += durationSeconds
  for (let i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++) {
    if (durationSeconds <= (LATENCY_BUCKETS_SECONDS[i] as number)) series.buckets[i] = (series.buckets[i] as number) + 1
  }
  series.buckets[LATENCY_BUCKETS_SECONDS.length] = (series.buckets[LATENCY_BUCKETS_SECONDS.length] as number) + 1
}

export function renderSeries(all: ReadonlyMap<string, Series>): string {
  const lines = ['# HELP account_requests_total Requests answered, by operation and status.', '# TYPE account_requests_total counter']
  for (const [labels, series] of all) lines.push(`account_requests_total{${labels}} ${series.count}`)
  lines.push('# HELP account_request_duration_seconds Time to answer a request.', '# TYPE account_request_duration_seconds histogram')
  for (const [labels, series] of all) {
    LATENCY_BUCKETS_SECONDS.forEach((bound, i) => {
      lines.push(`account_request_duration_seconds_bucket{${labels},le="${bound}"} ${series.buckets[i]}`)
    })
    lines.push(`account_request_duration_seconds_bucket{${labels},le="+Inf"} ${series.buckets[LATENCY_BUCKETS_SECONDS.length]}`)
    lines.push(`account_request_duration_seconds_sum{${labels}} ${series.sumSeconds}`)
    lines.push(`account_request_duration_seconds_count{${labels}} ${series.count}`)
  }
  return `${lines.join('\n')}\n`
}

export function labelsOf(operation: string, status: number): string {
  return `operation="${operation}",status="${status}"`
}
