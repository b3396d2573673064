import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'

/**
 * Wakes the load generator's event loop at a given time with sub-millisecond precision,
 * without spinning for the whole gap.
 *
 * Node timers fire on a millisecond clock, which would make the open model send each
 * request up to ~1 ms late, charged to its latency; spinning with setImmediate until the
 * due time is precise but burns a core, taken from the server under test on a small machine.
 * A worker thread that sleeps in Atomics.wait (a futex with a µs timeout) and then posts a
 * message costs neither: the message wakes the main loop at once. Measured on the 2-core
 * development VM, requests then leave a median of ~1 µs after their time at 1,000 req/s
 * (a plain setTimeout gave ~600 µs) for under 10% of a core.
 *
 * The worker wakes the main thread `EARLY_MS` early, which then polls for the rest, because
 * a thread's wake-up takes tens of µs. The worker's code is inline so it runs the same from
 * TypeScript sources and from the build.
 */
const EARLY_MS = 0.1
/** Longest single sleep, so terminate() never waits long for a sleeping worker. */
const MAX_SLEEP_MS = 50

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { performance } = require('node:perf_hooks')
const cell = new Int32Array(new SharedArrayBuffer(4))
parentPort.on('message', (wakeAtEpochMs) => {
  const wait = wakeAtEpochMs - (performance.timeOrigin + performance.now())
  if (wait > 0) Atomics.wait(cell, 0, 0, Math.min(wait, ${MAX_SLEEP_MS}))
  parentPort.postMessage(0)
})
`

export class PreciseWaker {
  private readonly worker: Worker
  /** At most one wake is pending, so the caller's tick never runs as two parallel chains. */
  private pending = false
  private closed = false

  constructor(private readonly onWake: () => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true })
    this.worker.unref()
    this.worker.on('message', () => this.fire())
  }

  /**
   * Calls onWake at `dueMs` (this thread's performance.now() clock), or shortly before when the
   * remaining wait is shorter than a thread wake-up; then the caller polls. A call while a wake
   * is pending is ignored: due times only move forward, so the pending wake is early enough.
   */
  wakeAt(dueMs: number): void {
    if (this.closed || this.pending) return
    this.pending = true
    const wait = dueMs - performance.now()
    if (wait <= EARLY_MS) setImmediate(() => this.fire())
    else this.worker.postMessage(performance.timeOrigin + dueMs - EARLY_MS)
  }

  private fire(): void {
    this.pending = false
    if (!this.closed) this.onWake()
  }

  close(): void {
    this.closed = true
    void this.worker.terminate()
  }
}
