import type { LoadRouteRecord, LoadWindowRecord } from '../schema/result-file.js'
import {
  createLatencyHistogram,
  encodeHistogram,
  type LatencyHistogram,
  percentileUs,
  recordLatencyUs,
} from '../stats/latency-histogram.js'

/** What a round of load recorded, before it becomes metrics. */
export interface RecordedLoad {
  windows: LoadWindowRecord[]
  /** All windows merged: the round's latency distribution. */
  merged: LatencyHistogram
  /**
   * Open model: how long after its scheduled time the generator got round to each request, µs.
   * The generator's own lateness (timers, a busy machine), not waiting for a connection.
   */
  generatorLag: LatencyHistogram
  routes: LoadRouteRecord[]
  errorsByClass: Record<string, number>
  durationMs: number
  ok: number
  errors: number
  scheduled: number
  sent: number
  late: number
  dropped: number
}

interface WindowCounters {
  ok: number
  errors: number
  scheduled: number
  late: number
  dropped: number
}

function emptyCounters(): WindowCounters {
  return { ok: 0, errors: 0, scheduled: 0, late: 0, dropped: 0 }
}

/**
 * Collects one round's measured events into fixed time windows (HdrHistogram's interval
 * logging, one histogram per interval): each window gets its own latency histogram and
 * counters, so a stall stays visible in the window where it happened and the windows can be
 * resampled for within-round intervals. Windows are closed lazily when an event arrives past
 * the current window's end, so a silent server still produces its (empty) windows.
 *
 * Times are performance.now() ms; latencies are µs.
 */
export class LoadRecorder {
  private readonly t0: number
  /** Index of the open window: it starts at t0 + index·windowMs, computed, never accumulated. */
  private windowIndex = 0
  private readonly windowHistogram = createLatencyHistogram()
  private counters = emptyCounters()
  private readonly windows: LoadWindowRecord[] = []
  private readonly merged = createLatencyHistogram()
  private readonly generatorLag = createLatencyHistogram()
  private readonly routeHistograms: LatencyHistogram[]
  private readonly routeErrors: number[]
  private readonly errorsByClass = new Map<string, number>()
  private readonly totals = { ok: 0, errors: 0, scheduled: 0, sent: 0, late: 0, dropped: 0 }

  private readonly windowMs: number
  private readonly routeNames: readonly string[]
  /** Open-model windows also carry scheduled, late and dropped counts. */
  private readonly openModel: boolean
  private readonly lateAfterMs: number
  /**
   * Index of the last window that may open: no window starts so late that it would end after
   * the planned end, and the last one absorbs the rest. Window arithmetic is done on integer
   * indexes, so a boundary never depends on floating-point rounding.
   */
  private readonly lastWindowIndex: number
  private readonly plannedDurationMs: number

  constructor(options: {
    startMs: number
    windowMs: number
    routeNames: readonly string[]
    openModel: boolean
    lateAfterMs: number
    /** Planned length of the measurement (Infinity when it ends on a request count). */
    plannedDurationMs: number
  }) {
    this.t0 = options.startMs
    this.windowMs = options.windowMs
    this.routeNames = options.routeNames
    this.openModel = options.openModel
    this.lateAfterMs = options.lateAfterMs
    this.plannedDurationMs = options.plannedDurationMs
    this.lastWindowIndex = Math.max(0, Math.floor(options.plannedDurationMs / options.windowMs) - 1)
    this.routeHistograms = this.routeNames.map(() => createLatencyHistogram())
    this.routeErrors = this.routeNames.map(() => 0)
  }

  get startMs(): number {
    return this.t0
  }

  /** Requests answered or failed so far (successes + errors). */
  get completed(): number {
    return this.totals.ok + this.totals.errors
  }

  success(now: number, latencyUs: number, routeIndex: number): void {
    this.roll(now)
    recordLatencyUs(this.windowHistogram, latencyUs)
    const route = this.routeHistograms[routeIndex]
    if (route !== undefined) recordLatencyUs(route, latencyUs)
    this.counters.ok++
    this.totals.ok++
  }

  failure(now: number, errorClass: string, routeIndex: number): void {
    this.roll(now)
    this.counters.errors++
    this.totals.errors++
    this.errorsByClass.set(errorClass, (this.errorsByClass.get(errorClass) ?? 0) + 1)
    if (routeIndex < this.routeErrors.length) this.routeErrors[routeIndex] = (this.routeErrors[routeIndex] ?? 0) + 1
  }

  /**
   * Open model: the request due `offsetMs` after the start was taken up by the generator
   * `lagMs` late. It counts in the window of its scheduled time, even when that window has
   * just closed, so each window's `scheduled` is exactly what the profile offered in it.
   */
  scheduled(now: number, offsetMs: number, lagMs: number): void {
    this.roll(now)
    const index = Math.min(Math.floor(offsetMs / this.windowMs), this.windowIndex)
    const closed = index < this.windowIndex ? this.windows[index] : undefined
    if (closed !== undefined) closed.scheduled = (closed.scheduled ?? 0) + 1
    else this.counters.scheduled++
    this.totals.scheduled++
    recordLatencyUs(this.generatorLag, lagMs * 1000)
  }

  /** Open model: a request was written `delayMs` after its scheduled time (generator lag + waiting for a connection). */
  sent(now: number, delayMs: number): void {
    this.roll(now)
    this.totals.sent++
    if (delayMs > this.lateAfterMs) {
      this.counters.late++
      this.totals.late++
    }
  }

  /** Open model: a request waited too long for a connection and was never sent. */
  dropped(now: number): void {
    this.roll(now)
    this.counters.dropped++
    this.totals.dropped++
  }

  /** Closes the last window at `endMs` (it absorbs any part-window since the last boundary). */
  finish(endMs: number): RecordedLoad {
    // Ending on the planned end: use the planned length, exact, rather than a float difference.
    const elapsedMs = Math.abs(endMs - this.t0 - this.plannedDurationMs) < 1e-6 ? this.plannedDurationMs : Math.max(0, endMs - this.t0)
    // Close the full windows a silent stretch left open, then let the last one run to the end,
    // so it is between one and two windows long rather than a sliver.
    while (this.windowIndex < this.lastWindowIndex && (this.windowIndex + 2) * this.windowMs <= elapsedMs) this.closeWindow(null)
    this.closeWindow(Math.max(elapsedMs, this.windowIndex * this.windowMs))
    const routes: LoadRouteRecord[] = this.routeNames.map((name, i) => {
      const histogram = this.routeHistograms[i] as LatencyHistogram
      const route: LoadRouteRecord = {
        name,
        ok: histogram.totalCount,
        errors: this.routeErrors[i] ?? 0,
        p50LatencyUs: percentileUs(histogram, 50),
        p99LatencyUs: percentileUs(histogram, 99),
      }
      // With one route its histogram is the round's: not stored twice.
      if (this.routeNames.length > 1) route.histogram = encodeHistogram(histogram)
      return route
    })
    return {
      windows: this.windows,
      merged: this.merged,
      generatorLag: this.generatorLag,
      routes,
      errorsByClass: Object.fromEntries(this.errorsByClass),
      durationMs: elapsedMs,
      ...this.totals,
    }
  }

  private roll(now: number): void {
    const target = Math.min(Math.floor((now - this.t0) / this.windowMs), this.lastWindowIndex)
    while (this.windowIndex < target) this.closeWindow(null)
  }

  /** Closes the open window: a full one (null: exactly windowMs) or the last one, ending `endOffsetMs` after t0. */
  private closeWindow(endOffsetMs: number | null): void {
    const histogram = this.windowHistogram
    const startMs = this.windowIndex * this.windowMs
    const record: LoadWindowRecord = {
      startMs,
      durationMs: endOffsetMs === null ? this.windowMs : endOffsetMs - startMs,
      ok: this.counters.ok,
      errors: this.counters.errors,
      p50LatencyUs: percentileUs(histogram, 50),
      p99LatencyUs: percentileUs(histogram, 99),
      maxLatencyUs: histogram.totalCount === 0 ? null : histogram.maxValue,
      histogram: encodeHistogram(histogram),
    }
    if (this.openModel) {
      record.scheduled = this.counters.scheduled
      record.late = this.counters.late
      record.dropped = this.counters.dropped
    }
    this.windows.push(record)
    this.merged.add(histogram)
    histogram.reset()
    this.counters = emptyCounters()
    this.windowIndex++
  }
}
