import { PerformanceObserver, performance } from 'node:perf_hooks'

/**
 * CPU, memory, GC and event-loop figures around one job. In a fresh child process the peak
 * RSS is the kernel's high-water mark for the whole process, i.e. the round's own peak; in
 * the orchestrating process it can only be sampled (every 5 ms, when the event loop lets the
 * timer run), so it is a lower bound there and marked as such in the round's detail.
 */
export interface ResourceUsage {
  wallMs: number
  cpuUserMs: number
  cpuSystemMs: number
  peakRssBytes: number
  /** 1 = kernel high-water mark (isolated process), 0 = sampled. */
  peakRssExact: 0 | 1
  gcPauseMs: number
  gcCount: number
  /** Fraction of the wall time the event loop was busy (0..1). */
  eventLoopUtilization: number
}

export async function withResourceMonitor<T>(
  job: () => T | Promise<T>,
  options: { isolatedProcess: boolean },
): Promise<{ output: T; usage: ResourceUsage }> {
  let gcPauseMs = 0
  let gcCount = 0
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcPauseMs += entry.duration
      gcCount++
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  let peakRss = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, 5)
  sampler.unref()
  const cpuBefore = process.cpuUsage()
  const eluBefore = performance.eventLoopUtilization()
  const started = performance.now()
  try {
    const output = await job()
    const wallMs = performance.now() - started
    const elu = performance.eventLoopUtilization(eluBefore)
    const cpu = process.cpuUsage(cpuBefore)
    // GC entries reach the observer's buffer only after the event loop turns once: without
    // this, a synchronous job (no I/O to wait on) reported no garbage collection at all.
    // The clocks above are already read, so the wait is not part of the job's figures.
    await new Promise((resolve) => setImmediate(resolve))
    for (const entry of observer.takeRecords()) {
      gcPauseMs += entry.duration
      gcCount++
    }
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
    const peakRssBytes = options.isolatedProcess ? process.resourceUsage().maxRSS * 1024 : peakRss
    return {
      output,
      usage: {
        wallMs,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        peakRssBytes,
        peakRssExact: options.isolatedProcess ? 1 : 0,
        gcPauseMs,
        gcCount,
        eventLoopUtilization: elu.utilization,
      },
    }
  } finally {
    clearInterval(sampler)
    observer.disconnect()
  }
}
