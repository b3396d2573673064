import { type ConnectionFailure, clockMs, HttpConnection, type InFlightRequest } from './http-connection.js'
import { LoadRecorder, type RecordedLoad } from './load-recorder.js'
import type { RequestSequence } from './request-sequence.js'
import { CONNECTION_CLASS, type ResponseClassifier, TIMEOUT_CLASS } from './response-classifier.js'

/**
 * The closed model: `connections` connections, each keeping `pipelining` requests in flight
 * and sending the next one the moment a response arrives (wrk's and autocannon's model).
 *
 * Why dyno's own client and not autocannon for this model: autocannon records latency in
 * whole milliseconds (its histogram's lowest value is 1 ms, so loopback latencies read as 0),
 * keeps only 2xx latencies, reads every body into a string, walks its request list in a
 * fixed cycle per connection rather than a weighted, seeded mix, and its worker mode hides
 * per-request events. Wrapping it would mean re-timing every request from its event hooks.
 * Both models share one connection and parser here, so a closed and an open run of the same
 * scenario time, classify and window requests identically. `npm run bench:http` checks this
 * client against wrk and autocannon on the same server.
 *
 * Latency here runs from the moment a request is written, which is all a closed loop can
 * know: while the server stalls, no request is written, so the stall is seen by at most
 * `connections × pipelining` samples (coordinated omission). The result says so.
 */
export interface ClosedLoadOptions {
  port: number
  sequence: RequestSequence
  classifier: ResponseClassifier
  connections: number
  pipelining: number
  warmupMs: number
  /** Measured time; Infinity with `requests`. */
  durationMs: number
  /** Measured responses to collect before stopping; Infinity with a duration. */
  requests: number
  timeoutMs: number
  windowMs: number
  /** Called when the measurement starts (after the warm-up), e.g. to reset the server's probe. */
  onMeasureStart?: () => void
  signal?: AbortSignal
}

/** How often in-flight requests are checked against the timeout. */
const TIMEOUT_SWEEP_MS = 50
/** Pause before replacing a connection that failed, so a dead server is not hammered. */
const RECONNECT_DELAY_MS = 10

export function runClosedLoad(options: ClosedLoadOptions): Promise<RecordedLoad> {
  return new Promise((resolve, reject) => {
    const routeNames = options.sequence.routeNames
    const connections = new Set<HttpConnection>()
    let recorder: LoadRecorder | null = null
    let measureEnd = Number.POSITIVE_INFINITY
    let stopped = false
    const timers: NodeJS.Timeout[] = []

    const stop = (error: unknown) => {
      if (stopped) return
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      clearInterval(sweep)
      for (const connection of connections) connection.destroy()
      connections.clear()
      if (error !== null) {
        reject(error)
        return
      }
      const end = Number.isFinite(measureEnd) ? measureEnd : clockMs()
      resolve((recorder as LoadRecorder).finish(end))
    }

    const measuring = (now: number) => recorder !== null && now >= recorder.startMs && now < measureEnd

    const sendNext = (connection: HttpConnection) => {
      if (stopped || !connection.open) return
      const request = options.sequence.next()
      const now = clockMs()
      const inFlight: InFlightRequest = { routeIndex: request.routeIndex, scheduledAt: now, sentAt: now, headOnly: request.headOnly }
      connection.send(inFlight, request.bytes)
    }

    const listener = {
      onResponse(connection: HttpConnection, request: InFlightRequest, status: number, body: Buffer | null) {
        const now = clockMs()
        if (measuring(now)) {
          const active = recorder as LoadRecorder
          const errorClass = options.classifier.classify(request.routeIndex, status, body)
          if (errorClass === null) active.success(now, (now - request.sentAt) * 1000, request.routeIndex)
          else active.failure(now, errorClass, request.routeIndex)
          if (active.completed >= options.requests) {
            measureEnd = now + 1e-6
            stop(null)
            return
          }
        }
        sendNext(connection)
      },
      onClosed(connection: HttpConnection, lost: readonly InFlightRequest[], failure: ConnectionFailure | null) {
        connections.delete(connection)
        const now = clockMs()
        if (measuring(now)) {
          for (const request of lost)
            (recorder as LoadRecorder).failure(now, failure === 'timeout' ? TIMEOUT_CLASS : CONNECTION_CLASS, request.routeIndex)
        }
        if (stopped) return
        const delay = failure === 'connection' ? RECONNECT_DELAY_MS : 0
        timers.push(setTimeout(openConnection, delay))
      },
      onFatal(error: unknown) {
        stop(error)
      },
    }

    function openConnection() {
      if (stopped) return
      const connection = new HttpConnection(options.port, listener, options.classifier.needsBodies)
      connections.add(connection)
      for (let i = 0; i < options.pipelining; i++) sendNext(connection)
    }

    const sweep = setInterval(() => {
      const now = clockMs()
      for (const connection of connections) if (now - connection.oldestSentAt > options.timeoutMs) connection.timeOut()
    }, TIMEOUT_SWEEP_MS)

    const startMeasuring = () => {
      const now = clockMs()
      recorder = new LoadRecorder({
        startMs: now,
        windowMs: options.windowMs,
        routeNames,
        openModel: false,
        lateAfterMs: Number.POSITIVE_INFINITY,
        plannedDurationMs: options.durationMs,
      })
      options.onMeasureStart?.()
      if (Number.isFinite(options.durationMs)) {
        measureEnd = now + options.durationMs
        timers.push(setTimeout(() => stop(null), options.durationMs))
      }
    }

    options.signal?.addEventListener('abort', () => stop(options.signal?.reason ?? new Error('aborted')), { once: true })
    try {
      for (let i = 0; i < options.connections; i++) openConnection()
    } catch (error) {
      stop(error)
      return
    }
    if (options.warmupMs > 0) timers.push(setTimeout(startMeasuring, options.warmupMs))
    else startMeasuring()
  })
}
