import { Session } from 'node:inspector/promises'
import { PerformanceObserver, performance } from 'node:perf_hooks'
import type { CpuProfile, SamplingHeapProfile } from './cpu-profile.js'

/**
 * Records a CPU profile (and optionally a sampling heap profile) of exactly one stretch of
 * work in this process, through V8's inspector (`node:inspector`, the Profiler and
 * HeapProfiler domains of the DevTools protocol). Used around a round's measured work only, in
 * the orchestrating process for in-process rounds and inside the child for isolated ones, so
 * the profile holds neither the harness's startup nor module loading nor setup — which is what
 * `node --cpu-prof` would record, since it profiles the whole process.
 *
 * The GC pauses and event-loop use of the same stretch are read beside it, so a profile is
 * always shown with the figures that explain how much of its time was collection or waiting.
 */
export interface ProfilerSettings {
  /**
   * Microseconds between CPU samples (V8's default is 1000; `node --cpu-prof-interval`). Shorter
   * intervals resolve short functions better and cost more: see the README for the measured
   * overhead. On a busy machine the real interval is longer than asked.
   */
  samplingIntervalUs: number
  /** Also record where memory was allocated (V8's sampling heap profiler). */
  heap: boolean
  /** Average bytes between heap samples (V8's default 32768). */
  heapSamplingIntervalBytes?: number
}

export const DEFAULT_SAMPLING_INTERVAL_US = 200

/** Settings asked for, with dyno's defaults for the rest. */
export function profilerSettings(asked: Partial<ProfilerSettings> = {}): ProfilerSettings {
  return {
    samplingIntervalUs: asked.samplingIntervalUs ?? DEFAULT_SAMPLING_INTERVAL_US,
    heap: asked.heap ?? false,
    ...(asked.heapSamplingIntervalBytes !== undefined ? { heapSamplingIntervalBytes: asked.heapSamplingIntervalBytes } : {}),
  }
}

/** One profiled stretch of work: plain data, so it can cross the child-process IPC channel. */
export interface CapturedProfile {
  cpu: CpuProfile
  heap: SamplingHeapProfile | null
  wallMs: number
  gcPauseMs: number
  gcCount: number
  /** Share of the wall time the event loop was busy (0..1). */
  eventLoopUtilization: number
}

export class InspectorProfiler {
  private session: Session | null = null

  constructor(private readonly settings: ProfilerSettings) {}

  private recording: {
    observer: PerformanceObserver
    gc: { pauseMs: number; count: number }
    elu: ReturnType<typeof performance.eventLoopUtilization>
    started: number
  } | null = null

  /** Profiles `work` and returns its result with the capture; the profiler is stopped even if work throws. */
  async record<T>(work: () => Promise<T>): Promise<{ result: T; capture: CapturedProfile }> {
    await this.start()
    let result: T
    try {
      result = await work()
    } catch (error) {
      await this.stop()
      throw error
    }
    return { result, capture: await this.stop() }
  }

  /** Starts recording; prefer record(), which cannot leave the profiler running. */
  async start(): Promise<void> {
    if (this.recording !== null) throw new Error('the profiler is already recording')
    const session = await this.connect()
    const gc = { pauseMs: 0, count: 0 }
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        gc.pauseMs += entry.duration
        gc.count++
      }
    })
    observer.observe({ entryTypes: ['gc'] })
    if (this.settings.heap) {
      // Objects already collected are kept in the profile: it shows where memory was
      // allocated during the work (what drives GC), not only what survived it.
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: this.settings.heapSamplingIntervalBytes ?? 32768,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      })
    }
    await session.post('Profiler.setSamplingInterval', { interval: this.settings.samplingIntervalUs })
    await session.post('Profiler.start')
    this.recording = { observer, gc, elu: performance.eventLoopUtilization(), started: performance.now() }
  }

  /** Stops recording and returns what was recorded since start(). */
  async stop(): Promise<CapturedProfile> {
    const recording = this.recording
    const session = this.session
    if (recording === null || session === null) throw new Error('the profiler is not recording')
    this.recording = null
    const stopped = await session.post('Profiler.stop')
    const heap = this.settings.heap ? await session.post('HeapProfiler.stopSampling') : null
    const wallMs = performance.now() - recording.started
    const utilization = performance.eventLoopUtilization(recording.elu).utilization
    // GC entries reach the observer's buffer only after the event loop turns once, so a
    // synchronous stretch of work would otherwise report no GC at all.
    await new Promise((resolve) => setImmediate(resolve))
    for (const entry of recording.observer.takeRecords()) {
      recording.gc.pauseMs += entry.duration
      recording.gc.count++
    }
    recording.observer.disconnect()
    return {
      cpu: stopped.profile as unknown as CpuProfile,
      heap: heap === null ? null : (heap.profile as unknown as SamplingHeapProfile),
      wallMs,
      gcPauseMs: recording.gc.pauseMs,
      gcCount: recording.gc.count,
      eventLoopUtilization: utilization,
    }
  }

  private async connect(): Promise<Session> {
    if (this.session !== null) return this.session
    const session = new Session()
    session.connect()
    await session.post('Profiler.enable')
    if (this.settings.heap) await session.post('HeapProfiler.enable')
    this.session = session
    return session
  }

  /** Releases the inspector session; a later record() connects again. */
  close(): void {
    this.session?.disconnect()
    this.session = null
  }
}
