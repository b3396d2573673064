import { ArrivalSchedule, type ScheduleStage } from './arrival-schedule.js'
import { type ConnectionFailure, clockMs, HttpConnection, type InFlightRequest } from './http-connection.js'
import { LoadRecorder, type RecordedLoad } from './load-recorder.js'
import { PreciseWaker } from './precise-waker.js'
import type { PreparedRequest, RequestSequence } from './request-sequence.js'
import { CONNECTION_CLASS, type ResponseClassifier, TIMEOUT_CLASS } from './response-classifier.js'

/**
 * The open model: requests arrive on a schedule (k6's constant- and ramping-arrival-rate
 * executors) whatever the server does, and each request's latency is measured from its
 * **scheduled** send time, as wrk2 does (Gil Tene, "How NOT to measure latency"). A request
 * that finds every connection busy waits in the generator's queue, and that wait counts: it
 * is exactly the queueing a closed loop hides (coordinated omission). One that is still
 * waiting `dropAfterMs` after its time is dropped and counted, like k6's dropped_iterations,
 * so an overloaded server cannot push the run past its time budget.
 *
 * The send clock: Node timers tick in whole milliseconds, which would add up to a millisecond
 * of the generator's own lateness to every request, more than a loopback response takes. A
 * PreciseWaker (a sleeping worker thread) wakes the loop when the next request is due. The
 * generator's remaining lateness is recorded (`generatorLagP50Us`, `generatorLagP99Us`,
 * separate from waiting for a connection), so a generator that fell behind shows in the
 * result rather than only inside the latencies.
 */
export interface OpenLoadOptions {
  port: number
  sequence: RequestSequence
  classifier: ResponseClassifier
  /** The measured arrival profile. */
  stages: readonly ScheduleStage[]
  warmupMs: number
  warmupRate: number
  maxConnections: number
  preconnect: number
  lateAfterMs: number
  dropAfterMs: number
  timeoutMs: number
  windowMs: number
  onMeasureStart?: () => void
  signal?: AbortSignal
}

/** Timeouts, drops and the end of the drain are checked this often. */
const HOUSEKEEPING_MS = 10
/** After a failed connection, no new one is opened for this long, so a dead server is not hammered. */
const RECONNECT_DELAY_MS = 10

interface Pending {
  request: PreparedRequest
  scheduledAt: number
}

export function runOpenLoad(options: OpenLoadOptions): Promise<RecordedLoad> {
  return new Promise((resolve, reject) => {
    const begin = clockMs()
    const t0 = begin + options.warmupMs
    const measuredMs = options.stages.reduce((sum, s) => sum + s.durationMs, 0)
    const plannedEnd = t0 + measuredMs
    const recorder = new LoadRecorder({
      startMs: t0,
      windowMs: options.windowMs,
      routeNames: options.sequence.routeNames,
      openModel: true,
      lateAfterMs: options.lateAfterMs,
      plannedDurationMs: measuredMs,
    })
    const warmup = new ArrivalSchedule(
      options.warmupMs > 0 && options.warmupRate > 0
        ? [{ startRate: options.warmupRate, endRate: options.warmupRate, durationMs: options.warmupMs }]
        : [],
    )
    const measured = new ArrivalSchedule(options.stages)
    let inWarmup = true
    let nextDue: number | null = null
    /** Offset of nextDue from t0, exact from the schedule (measured requests only). */
    let nextOffset = 0
    let lastScheduled = t0
    const advance = () => {
      if (inWarmup) {
        const offset = warmup.nextOffsetMs()
        if (offset !== null) {
          nextDue = begin + offset
          return
        }
        inWarmup = false
      }
      const offset = measured.nextOffsetMs()
      nextDue = offset === null ? null : t0 + offset
      nextOffset = offset ?? 0
      if (nextDue !== null) lastScheduled = nextDue
    }
    advance()

    const connections = new Set<HttpConnection>()
    const idle: HttpConnection[] = []
    const queue: (Pending | undefined)[] = []
    let queueHead = 0
    let reconnectAllowedAt = 0
    let finished = false
    let measureStartTimer: NodeJS.Timeout | null = null
    const drainDeadline = () => lastScheduled + options.dropAfterMs + options.timeoutMs

    const isMeasured = (scheduledAt: number) => scheduledAt >= t0

    const finish = (error: unknown) => {
      if (finished) return
      finished = true
      waker.close()
      if (measureStartTimer !== null) clearTimeout(measureStartTimer)
      clearInterval(housekeeping)
      const now = clockMs()
      if (error !== null) {
        for (const connection of connections) connection.destroy()
        reject(error)
        return
      }
      // Whatever is left at the deadline never got a chance: in-flight requests timed out,
      // queued ones were dropped.
      for (const connection of [...connections]) connection.timeOut()
      for (let i = queueHead; i < queue.length; i++) {
        const pending = queue[i]
        if (pending !== undefined && isMeasured(pending.scheduledAt)) recorder.dropped(now)
      }
      connections.clear()
      resolve(recorder.finish(Math.max(now, plannedEnd)))
    }

    const openConnection = (): HttpConnection => {
      const connection = new HttpConnection(options.port, listener, options.classifier.needsBodies)
      connections.add(connection)
      return connection
    }

    const dispatch = () => {
      while (queueHead < queue.length) {
        let connection = idle.pop()
        while (connection !== undefined && !(connection.open && connection.inFlight === 0)) connection = idle.pop()
        if (connection === undefined) {
          if (connections.size >= options.maxConnections || clockMs() < reconnectAllowedAt) break
          connection = openConnection()
        }
        const pending = queue[queueHead] as Pending
        queue[queueHead++] = undefined
        const sentAt = clockMs()
        const { request } = pending
        const inFlight: InFlightRequest = {
          routeIndex: request.routeIndex,
          scheduledAt: pending.scheduledAt,
          sentAt,
          headOnly: request.headOnly,
        }
        connection.send(inFlight, request.bytes)
        if (isMeasured(pending.scheduledAt)) recorder.sent(sentAt, sentAt - pending.scheduledAt)
      }
      if (queueHead > 4096 && queueHead * 2 > queue.length) {
        queue.splice(0, queueHead)
        queueHead = 0
      }
    }

    const dropStale = (now: number) => {
      while (queueHead < queue.length) {
        const pending = queue[queueHead] as Pending
        if (now - pending.scheduledAt <= options.dropAfterMs) break
        queue[queueHead++] = undefined
        if (isMeasured(pending.scheduledAt)) recorder.dropped(now)
      }
    }

    const drained = () => nextDue === null && queueHead >= queue.length && [...connections].every((c) => c.inFlight === 0)

    const tick = () => {
      if (finished) return
      const now = clockMs()
      while (nextDue !== null && nextDue <= now) {
        const request = options.sequence.next()
        if (!inWarmup) recorder.scheduled(now, nextOffset, now - nextDue)
        queue.push({ request, scheduledAt: nextDue })
        advance()
      }
      dropStale(now)
      dispatch()
      if (nextDue !== null) waker.wakeAt(nextDue)
    }
    const waker = new PreciseWaker(tick)

    const listener = {
      onResponse(connection: HttpConnection, request: InFlightRequest, status: number, body: Buffer | null) {
        const now = clockMs()
        if (isMeasured(request.scheduledAt)) {
          const errorClass = options.classifier.classify(request.routeIndex, status, body)
          if (errorClass === null) recorder.success(now, (now - request.scheduledAt) * 1000, request.routeIndex)
          else recorder.failure(now, errorClass, request.routeIndex)
        }
        if (connection.open && connection.inFlight === 0) idle.push(connection)
        if (queueHead < queue.length) dispatch()
      },
      onClosed(connection: HttpConnection, lost: readonly InFlightRequest[], failure: ConnectionFailure | null) {
        connections.delete(connection)
        const now = clockMs()
        for (const request of lost) {
          if (isMeasured(request.scheduledAt)) {
            recorder.failure(now, failure === 'timeout' ? TIMEOUT_CLASS : CONNECTION_CLASS, request.routeIndex)
          }
        }
        if (failure === 'connection') reconnectAllowedAt = now + RECONNECT_DELAY_MS
        if (!finished && queueHead < queue.length) dispatch()
      },
      onFatal(error: unknown) {
        finish(error)
      },
    }

    const housekeeping = setInterval(() => {
      const now = clockMs()
      for (const connection of connections) if (now - connection.oldestSentAt > options.timeoutMs) connection.timeOut()
      dropStale(now)
      if (queueHead < queue.length) dispatch()
      if (nextDue === null && (drained() || now > drainDeadline())) finish(null)
    }, HOUSEKEEPING_MS)

    options.signal?.addEventListener('abort', () => finish(options.signal?.reason ?? new Error('aborted')), { once: true })
    try {
      for (let i = 0; i < Math.min(options.preconnect, options.maxConnections); i++) idle.push(openConnection())
    } catch (error) {
      finish(error)
      return
    }
    if (options.onMeasureStart !== undefined) {
      const onStart = options.onMeasureStart
      measureStartTimer = setTimeout(() => {
        measureStartTimer = null
        onStart()
      }, options.warmupMs)
    }
    tick()
  })
}
