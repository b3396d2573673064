import { createRandom, type Random } from '../stats/prng.js'
import type { RequestBody, RequestContext, RouteSpec } from './http-load-spec.js'

/** One request of the sequence, serialised and ready to write to a socket. */
export interface PreparedRequest {
  routeIndex: number
  bytes: Buffer
  /** A HEAD request: its response has headers only. */
  headOnly: boolean
}

interface CompiledRoute {
  spec: RouteSpec
  method: string
  /** Whole request, built once, for routes with a fixed path and body. */
  fixed: Buffer | null
  headerLines: string
}

function encodeBody(body: RequestBody | undefined): { bytes: Buffer | null; json: boolean } {
  if (body === undefined) return { bytes: null, json: false }
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8'), json: false }
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), json: false }
  return { bytes: Buffer.from(JSON.stringify(body), 'utf8'), json: true }
}

function hasHeader(headers: Readonly<Record<string, string>> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((h) => h.toLowerCase() === name)
}

/**
 * The deterministic request sequence of a run: request k picks its route by weight and builds
 * its path and body from one PRNG stream seeded with the run's seed. Every variant therefore
 * gets exactly the same requests in the same order (which connection carries request k may
 * differ; what is asked does not). Routes whose path and body are fixed are serialised once.
 */
export class RequestSequence {
  private readonly routes: CompiledRoute[]
  private readonly cumulative: number[]
  private readonly totalWeight: number
  private readonly random: Random
  private readonly context: RequestContext
  private index = 0

  constructor(
    routes: readonly RouteSpec[],
    seed: number,
    private readonly authority: string,
  ) {
    if (routes.length === 0) throw new TypeError('the request mix has no routes')
    this.random = createRandom(seed)
    this.context = { random: this.random, index: 0 }
    let total = 0
    this.cumulative = routes.map((route) => {
      total += route.weight ?? 1
      return total
    })
    this.totalWeight = total
    this.routes = routes.map((spec) => {
      const method = spec.method ?? 'GET'
      const headerLines = Object.entries(spec.headers ?? {})
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')
      const compiled: CompiledRoute = { spec, method, fixed: null, headerLines }
      if (typeof spec.path === 'string' && typeof spec.body !== 'function') {
        compiled.fixed = this.serialise(compiled, spec.path, spec.body)
      }
      return compiled
    })
  }

  /** Requests drawn so far. */
  get drawn(): number {
    return this.index
  }

  get routeNames(): string[] {
    return this.routes.map((r) => r.spec.name)
  }

  next(): PreparedRequest {
    const routeIndex = this.pick()
    const route = this.routes[routeIndex] as CompiledRoute
    this.context.index = this.index++
    let bytes = route.fixed
    if (bytes === null) {
      const spec = route.spec
      const path = typeof spec.path === 'string' ? spec.path : spec.path(this.context)
      const body = typeof spec.body === 'function' ? spec.body(this.context) : spec.body
      bytes = this.serialise(route, path, body)
    }
    return { routeIndex, bytes, headOnly: route.method === 'HEAD' }
  }

  private pick(): number {
    if (this.routes.length === 1) return 0
    const target = this.random() * this.totalWeight
    const cumulative = this.cumulative
    for (let i = 0; i < cumulative.length - 1; i++) if (target < (cumulative[i] as number)) return i
    return cumulative.length - 1
  }

  private serialise(route: CompiledRoute, path: string, body: RequestBody | undefined): Buffer {
    if (!path.startsWith('/')) throw new TypeError(`route '${route.spec.name}': path ${JSON.stringify(path)} must start with '/'`)
    const { bytes, json } = encodeBody(body)
    let head = `${route.method} ${path} HTTP/1.1\r\nhost: ${this.authority}\r\n${route.headerLines}`
    if (json && !hasHeader(route.spec.headers, 'content-type')) head += 'content-type: application/json\r\n'
    if (bytes !== null || route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH') {
      head += `content-length: ${bytes?.length ?? 0}\r\n`
    }
    head += '\r\n'
    const headBytes = Buffer.from(head, 'utf8')
    return bytes === null || bytes.length === 0 ? headBytes : Buffer.concat([headBytes, bytes])
  }
}
