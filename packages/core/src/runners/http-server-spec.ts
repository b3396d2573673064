/**
 * How an http-load variant names its server under test. The server runs in a child process
 * of its own: the host (http-server-host.ts) imports `module`, calls its export `export`
 * with `options`, and listens on 127.0.0.1 on a free port. The module stays
 * production-shaped: it exports a factory and knows nothing about dyno.
 *
 * The factory returns a `net.Server` (e.g. `http.createServer(handler)`), listening or not,
 * or `{ server, close() }` when shutting down needs more than closing the server (a
 * database pool, a worker). An async factory is awaited.
 */
export interface ServerSpec {
  /**
   * The module that exports the factory, as a file: URL or an absolute path. Resolve a package
   * from the scenario file with `import.meta.resolve('@sut/my-service')`, so the scenario, not
   * dyno, decides which file is meant.
   */
  module: string
  /** Name of the exported factory; default 'default'. */
  export?: string
  /** The factory's argument. Plain data: it reaches the server process by structured clone. */
  options?: unknown
  /** When set, the server is ready once `GET readyPath` answers 2xx (after it listens). */
  readyPath?: string
  /** Node flags for the server process, e.g. `['--max-old-space-size=256']`. */
  execArgv?: readonly string[]
  /** Extra environment variables for the server process. */
  env?: Readonly<Record<string, string>>
  /** Time allowed from spawning to ready; default 15 s. */
  startTimeoutMs?: number
}
