import type { ErrorClassifiers, RouteSpec } from './http-load-spec.js'

/** Error class of a request that got no response in time (the connection was reset for it). */
export const TIMEOUT_CLASS = 'timeout'
/** Error class of a request lost with its connection (refused, reset, closed, unparseable). */
export const CONNECTION_CLASS = 'connection'

export function statusClass(status: number): string {
  return `status-${status}`
}

/**
 * Decides whether a response is a success or an error, and which error. Scenario-defined
 * classes come first (a 200 whose body says SQLITE_BUSY is a lock error); then the route's
 * expected statuses (default 2xx); anything else is `status-<code>`. Only successes enter the
 * latency histograms, like k6's `expected_response:true`: a server that fails fast must not
 * look fast. Errors are counted by class and judged through the error rate.
 */
export class ResponseClassifier {
  private readonly expected: (((status: number) => boolean) | null)[]
  private readonly classes: [string, (response: { status: number; route: string; body: string }) => boolean][]
  readonly needsBodies: boolean

  constructor(
    private readonly routes: readonly RouteSpec[],
    errorClasses: ErrorClassifiers | undefined,
  ) {
    this.classes = Object.entries(errorClasses ?? {})
    this.needsBodies = this.classes.length > 0
    this.expected = routes.map((route) => {
      const expect = route.expectStatus
      if (expect === undefined) return null
      const allowed = new Set(typeof expect === 'number' ? [expect] : expect)
      return (status: number) => allowed.has(status)
    })
  }

  /** Every error class this scenario can produce besides `status-<code>`. */
  get declaredClasses(): string[] {
    return [...this.classes.map(([name]) => name), TIMEOUT_CLASS, CONNECTION_CLASS]
  }

  /** null for a success, otherwise the error class. */
  classify(routeIndex: number, status: number, body: Buffer | null): string | null {
    if (this.classes.length > 0) {
      const response = { status, route: this.routes[routeIndex]?.name ?? '?', body: body === null ? '' : body.toString('utf8') }
      for (const [name, matches] of this.classes) if (matches(response)) return name
    }
    const expected = this.expected[routeIndex]
    const ok = expected == null ? status >= 200 && status < 300 : expected(status)
    return ok ? null : statusClass(status)
  }
}
