import type { Operation } from '../../src/index.js'

/**
 * A synthetic workload with an injectable slowdown: `operation(change)` does (1 + change)
 * times the base amount of work, so a trial knows the truth its verdict should find.
 * Each workload has its own noise shape (CPU jitter, GC pauses, fsync latency, a loopback
 * HTTP round trip), because a gate that works for one can fail for another.
 */
export interface Workload {
  name: string
  description: string
  /** Per-variant micro round length; long operations need longer rounds for several samples. */
  roundMs: number
  start(): Promise<void>
  operation(change: number): Operation<unknown>
  stop(): Promise<void>
}
