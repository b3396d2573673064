import { type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks'

/** What the server process reports about itself for the measured part of a round. */
export interface ServerMetrics {
  elapsedMs: number
  /** Highest RSS sampled during the measurement (every SAMPLE_MS, and at the end). */
  peakRssBytes: number
  cpuUserMs: number
  cpuSystemMs: number
  gcPauseMs: number
  gcMaxPauseMs: number
  gcCount: number
  /** Event-loop delay beyond the sampling interval, µs (0 when the loop was never late). */
  eventLoopDelayP99Us: number
  eventLoopDelayMaxUs: number
  /** Most active handles and requests (sockets, timers, servers) seen at once. */
  maxActiveHandles: number
}

/** RSS and handle count are sampled this often; cheap enough not to show in the server's figures. */
const SAMPLE_MS = 100
/** monitorEventLoopDelay's timer interval. Each sample is the timer's lateness plus this interval. */
const EVENT_LOOP_RESOLUTION_MS = 10

/**
 * Runs inside the server's process (installed by the server host, never by the server's own
 * code) and measures what only that process can see: CPU user/system time, RSS, garbage
 * collection pauses (perf_hooks 'gc' entries), event-loop delay (monitorEventLoopDelay) and
 * active handles. `reset()` starts the measured period, `read()` ends it; the load generator
 * calls both over IPC around the measurement, so warm-up is not counted.
 */
export class ServerProbe {
  private started = 0
  private cpu = process.cpuUsage()
  private peakRss = 0
  private maxHandles = 0
  private gcPauseMs = 0
  private gcMaxPauseMs = 0
  private gcCount = 0
  private readonly eventLoop: IntervalHistogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS })
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.recordGc(entry.duration)
  })
  private sampler: NodeJS.Timeout | null = null

  reset(): void {
    this.stop()
    this.started = performance.now()
    this.cpu = process.cpuUsage()
    this.peakRss = process.memoryUsage.rss()
    this.maxHandles = activeHandles()
    this.gcPauseMs = 0
    this.gcMaxPauseMs = 0
    this.gcCount = 0
    this.eventLoop.reset()
    this.eventLoop.enable()
    this.gcObserver.observe({ entryTypes: ['gc'] })
    this.sampler = setInterval(() => this.sample(), SAMPLE_MS)
    this.sampler.unref()
  }

  read(): ServerMetrics {
    for (const entry of this.gcObserver.takeRecords()) this.recordGc(entry.duration)
    this.sample()
    const cpu = process.cpuUsage(this.cpu)
    const resolutionNs = EVENT_LOOP_RESOLUTION_MS * 1e6
    const beyond = (ns: number) => (Number.isFinite(ns) && ns > resolutionNs ? (ns - resolutionNs) / 1000 : 0)
    const metrics: ServerMetrics = {
      elapsedMs: performance.now() - this.started,
      peakRssBytes: this.peakRss,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      gcPauseMs: this.gcPauseMs,
      gcMaxPauseMs: this.gcMaxPauseMs,
      gcCount: this.gcCount,
      eventLoopDelayP99Us: this.eventLoop.count > 0 ? beyond(this.eventLoop.percentile(99)) : 0,
      eventLoopDelayMaxUs: this.eventLoop.count > 0 ? beyond(this.eventLoop.max) : 0,
      maxActiveHandles: this.maxHandles,
    }
    this.stop()
    return metrics
  }

  private stop(): void {
    if (this.sampler !== null) clearInterval(this.sampler)
    this.sampler = null
    this.eventLoop.disable()
    this.gcObserver.disconnect()
  }

  private sample(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss())
    this.maxHandles = Math.max(this.maxHandles, activeHandles())
  }

  private recordGc(durationMs: number): void {
    this.gcPauseMs += durationMs
    this.gcMaxPauseMs = Math.max(this.gcMaxPauseMs, durationMs)
    this.gcCount++
  }
}

/** Active libuv handles and requests (Node ≥ 17: process.getActiveResourcesInfo). */
function activeHandles(): number {
  return process.getActiveResourcesInfo().length
}
