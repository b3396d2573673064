import {
  labelsOf,
  newSeries,
  OPERATIONS,
  type OperationName,
  observe,
  type RequestMetrics,
  renderSeries,
  type Series,
} from './request-metrics.js'

const OPERATION_INDEX = Object.fromEntries(OPERATIONS.map((name, index) => [name, index])) as Record<OperationName, number>

/**
 * Metrics recorded in batches (the seed's phase 2 "batch processing"): a request only writes
 * three numbers into preallocated typed arrays; they are folded into the series when the
 * buffer fills, once a second, or when /metrics is read. The request path allocates nothing.
 */
export class BatchedRequestMetrics implements RequestMetrics {
  private readonly operations: Uint8Array
  private readonly statuses: Uint16Array
  private readonly durations: Float64Array
  private pending = 0
  private readonly series = new Map<string, Series>()
  private readonly timer: NodeJS.Timeout

  constructor(private readonly capacity = 4096) {
    this.operations = new Uint8Array(capacity)
    this.statuses = new Uint16Array(capacity)
    this.durations = new Float64Array(capacity)
    this.timer = setInterval(() => this.fold(), 1000)
    this.timer.unref()
  }

  record(operation: OperationName, status: number, durationSeconds: number): void {
    const i = this.pending++
    this.operations[i] = OPERATION_INDEX[operation]
    this.statuses[i] = status
    this.durations[i] = durationSeconds
    if (this.pending === this.capacity) this.fold()
  }

  render(): string {
    this.fold()
    return renderSeries(this.series)
  }

  close(): void {
    clearInterval(this.timer)
  }

  private fold(): void {
    for (let i = 0; i < this.pending; i++) {
      const key = labelsOf(OPERATIONS[this.operations[i] as number] as string, this.statuses[i] as number)
      let series = this.series.get(key)
      if (series === undefined) {
        series = newSeries()
        this.series.set(key, series)
      }
      observe(series, this.durations[i] as number)
    }
    this.pending = 0
  }
}
