export interface MemoryMonitorOptions {
  limitBytes: number
  /** Fraction of the limit above which intake pauses (seed 003: 80%). */
  threshold?: number
  /**
   * Memory the sync can give back: the JS heap plus buffers outside it. Not RSS, which rarely
   * shrinks after a peak, so a pause on RSS could last forever.
   */
  usedBytes?: () => number
  /** Resident set size, for the peak the result reports. */
  rssBytes?: () => number
}

function jsMemory(): number {
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.external
}

/**
 * Seed 003's memory monitor: reports whether memory is above the threshold (so the caller
 * stops taking new batches until one in flight completes), asks for a garbage collection when
 * the process allows it (--expose-gc), and keeps the peak RSS for the result.
 */
export class MemoryMonitor {
  readonly limitBytes: number
  readonly threshold: number
  private readonly usedBytes: () => number
  private readonly rssBytes: () => number
  private peak = 0
  private pauseCount = 0

  constructor(options: MemoryMonitorOptions) {
    if (!(options.limitBytes > 0)) throw new RangeError(`the memory limit must be positive, got ${options.limitBytes}`)
    this.limitBytes = options.limitBytes
    this.threshold = options.threshold ?? 0.8
    this.usedBytes = options.usedBytes ?? jsMemory
    this.rssBytes = options.rssBytes ?? (() => process.memoryUsage.rss())
  }

  /** Current usage; also updates the peak. */
  sample(): number {
    this.peak = Math.max(this.peak, this.rssBytes())
    return this.usedBytes()
  }

  isAboveThreshold(): boolean {
    return this.sample() > this.limitBytes * this.threshold
  }

  /** Counts a pause and frees what a collection can, when the process exposes gc(). */
  notePause(): void {
    this.pauseCount++
    const gc = (globalThis as { gc?: () => void }).gc
    if (typeof gc === 'function') gc()
  }

  get peakRssBytes(): number {
    return this.peak
  }

  get pauses(): number {
    return this.pauseCount
  }
}
