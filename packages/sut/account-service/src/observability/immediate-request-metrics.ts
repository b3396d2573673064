import { labelsOf, newSeries, type OperationName, observe, type RequestMetrics, renderSeries, type Series } from './request-metrics.js'

/**
 * Metrics recorded synchronously on every request, the way a Prometheus client middleware
 * does it (the seed's baseline): build the label key, find the series, walk the buckets, all
 * inside the request.
 */
export class ImmediateRequestMetrics implements RequestMetrics {
  private readonly series = new Map<string, Series>()

  record(operation: OperationName, status: number, durationSeconds: number): void {
    const key = labelsOf(operation, status)
    let series = this.series.get(key)
    if (series === undefined) {
      series = newSeries()
      this.series.set(key, series)
    }
    observe(series, durationSeconds)
  }

  render(): string {
    return renderSeries(this.series)
  }

  close(): void {}
}
