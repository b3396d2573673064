/**
 * The http-load runner puts HTTP load on a server under test that runs in its own child
 * process, and records every response's latency in µs into HDR histograms, one per time
 * window. Two load models, after Schroeder et al., "Open versus closed: a cautionary tale"
 * (NSDI 2006):
 *
 * - **closed**: N connections, each sends its next request when the previous response arrives
 *   (wrk, autocannon). Good for "how fast can it go", blind to queueing: when the server
 *   stalls, the generator stops sending, so the stall shows up in very few samples
 *   (coordinated omission; Gil Tene, "How NOT to measure latency").
 * - **open**: requests arrive on a schedule whatever the server does (k6's arrival-rate
 *   executors); latency is measured from each request's scheduled send time, as wrk2 does,
 *   so waiting for a free connection counts. Requests that cannot be sent in time are dropped
 *   and counted.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

/** What a request generator is given: seeded randomness and the request's place in the sequence. */
export interface RequestContext {
  /**
   * Uniform in [0, 1), from a PRNG seeded with the run's seed: every variant of a run sees the
   * same sequence of requests, so a difference between them is the server's, not the mix's.
   */
  random: () => number
  /** 0-based position of this request in the sequence (warm-up requests included). */
  index: number
}

/** A request body: text, bytes, or a value sent as JSON (with content-type application/json). */
export type RequestBody = string | Uint8Array | { readonly [key: string]: unknown } | readonly unknown[]

/** One route of the request mix, e.g. 60% `GET /drops`, 40% `POST /purchase`. */
export interface RouteSpec {
  /** Short name, used for per-route counts and latencies, e.g. 'read-drops'. */
  name: string
  /** Relative weight in the mix (60/40 and 0.6/0.4 mean the same); default 1. */
  weight?: number
  method?: HttpMethod
  /** Path and query starting with '/', fixed or generated per request. */
  path: string | ((request: RequestContext) => string)
  headers?: Readonly<Record<string, string>>
  body?: RequestBody | ((request: RequestContext) => RequestBody)
  /** Statuses that count as success; default any 2xx. */
  expectStatus?: number | readonly number[]
}

/** A response as an error classifier sees it (bodies are only read when classifiers exist). */
export interface ResponseInfo {
  status: number
  route: string
  body: string
}

/**
 * Scenario-defined error classes, checked in order against every response (2xx included:
 * a 200 whose body says `SQLITE_BUSY` is still a lock error). The first match names the class.
 */
export type ErrorClassifiers = Readonly<Record<string, (response: ResponseInfo) => boolean>>

export interface ClosedLoad {
  model: 'closed'
  /** Concurrent connections, each with `pipelining` requests in flight. */
  connections: number
  /** Requests in flight per connection (HTTP/1.1 pipelining); default 1. */
  pipelining?: number
  /** Measured time per round; default 10 s unless `requests` is given. */
  durationMs?: number
  /** Stop after this many measured responses instead of after a duration. */
  requests?: number
}

/** One k6-style stage: the arrival rate moves linearly to `targetRate` over `durationMs`. */
export interface RateStage {
  durationMs: number
  targetRate: number
}

export type ArrivalProfile =
  | { /** Requests per second, constant. */ rate: number; durationMs: number }
  | { /** Rate at the start of the first stage. */ startRate: number; stages: readonly RateStage[] }

export interface OpenLoadOptions {
  /** Most connections the generator may open; each carries one request at a time. Default 256. */
  maxConnections?: number
  /** Connections opened before the clock starts (k6's preAllocatedVUs); default min(8, maxConnections). */
  preconnect?: number
  /** A request sent later than this after its scheduled time counts as late; default 10 ms. */
  lateAfterMs?: number
  /**
   * A request still waiting for a free connection this long after its scheduled time is
   * dropped (never sent) and counted, like k6's dropped_iterations; default 1000 ms.
   */
  dropAfterMs?: number
}

export type OpenLoad = { model: 'open' } & ArrivalProfile & OpenLoadOptions

export type LoadModel = ClosedLoad | OpenLoad

export interface HttpLoadRunnerSpec {
  kind: 'http-load'
  load: LoadModel
  /** The request mix: weighted routes, drawn from the seeded sequence. */
  routes: readonly RouteSpec[]
  /** Length of one latency window, the within-round sample for intervals and time series; default 1000 ms. */
  windowMs?: number
  /** Load applied before measuring, in every round (JIT, pools, caches); default 1000 ms (200 ms with --quick). */
  warmupMs?: number
  /** A request without a response after this long is a timeout; default 10 s. */
  timeoutMs?: number
  errorClasses?: ErrorClassifiers
}

export function httpLoad(options: Omit<HttpLoadRunnerSpec, 'kind'>): HttpLoadRunnerSpec {
  return { kind: 'http-load', ...options }
}

export function closedModel(options: Omit<ClosedLoad, 'model'>): ClosedLoad {
  return { model: 'closed', ...options }
}

export function openModel(options: ArrivalProfile & OpenLoadOptions): OpenLoad {
  return { model: 'open', ...options }
}
