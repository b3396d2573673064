import http from 'node:http'
import type { Logger, LogLevel } from '../observability/logger.js'
import type { OperationName, RequestMetrics } from '../observability/request-metrics.js'
import { type AccountApi, type ApiResult, errorResult } from './account-api.js'
import { apiError } from './api-error.js'
import { readJsonBody } from './read-body.js'

/**
 * The per-request context a web framework (gin, express, koa) builds: request data copied
 * into a fresh object with its own params and state, passed through middleware.
 */
interface RequestContext {
  request: http.IncomingMessage
  response: http.ServerResponse
  method: string
  path: string
  query: string
  clientIp: string
  params: Record<string, string>
  startedAt: bigint
  operation: OperationName
  maxBodyBytes: number
}

interface Route {
  method: string
  pattern: RegExp
  paramNames: readonly string[]
  operation: OperationName
  handle: (context: RequestContext, api: AccountApi) => Promise<ApiResult>
}

export interface FrameworkAppOptions {
  api: AccountApi
  logger: Logger
  metrics: RequestMetrics
  /** Level of the line logged for every refused request (bad input, unknown account): 'warn' logs them all, 'debug' hides them unless debugging. */
  validationFailureLevel: LogLevel
  /**
   * Reuse request contexts from a pool instead of allocating one per request (the seed's
   * phase 1 sync.Pool). Fewer short-lived objects means less young-generation GC work.
   */
  reuseContexts: boolean
  maxBodyBytes: number
}

const ROUTES: readonly Route[] = [
  route('POST', '/accounts', 'create', async (c, api) => withBody(c, (body) => api.createAccount(body))),
  route('GET', '/accounts', 'list', (c, api) => api.listAccounts(c.query)),
  route('GET', '/accounts/:id', 'get', (c, api) => api.getAccount(c.params['id'] ?? '')),
  route('POST', '/accounts/:id/deposits', 'deposit', async (c, api) => withBody(c, (body) => api.deposit(c.params['id'] ?? '', body))),
  route('POST', '/accounts/:id/withdrawals', 'withdraw', async (c, api) => withBody(c, (body) => api.withdraw(c.params['id'] ?? '', body))),
  route('POST', '/transfers', 'transfer', async (c, api) => withBody(c, (body) => api.transfer(body))),
]

/**
 * A framework-shaped HTTP layer over node:http, as the seed's gin service was: a route table
 * of patterns, a context object per request, middleware for request logging and metrics, and
 * JSON.stringify of every answer. The variants of seed 004's phases 0–2 run on it with
 * different settings (logging level, context reuse, metrics), so their differences are the
 * seed's, not a different framework's.
 */
export function createFrameworkServer(options: FrameworkAppOptions): http.Server {
  const { api, logger, metrics } = options
  const pool: RequestContext[] = []

  const acquire = (request: http.IncomingMessage, response: http.ServerResponse): RequestContext => {
    const url = request.url ?? '/'
    const queryAt = url.indexOf('?')
    const path = queryAt < 0 ? url : url.slice(0, queryAt)
    const query = queryAt < 0 ? '' : url.slice(queryAt + 1)
    const clientIp = request.socket.remoteAddress ?? 'unknown'
    const reused = options.reuseContexts ? pool.pop() : undefined
    if (reused === undefined) {
      return {
        request,
        response,
        method: request.method ?? 'GET',
        path,
        query,
        clientIp,
        params: {},
        startedAt: process.hrtime.bigint(),
        operation: 'other',
        maxBodyBytes: options.maxBodyBytes,
      }
    }
    reused.request = request
    reused.response = response
    reused.method = request.method ?? 'GET'
    reused.path = path
    reused.query = query
    reused.clientIp = clientIp
    for (const key in reused.params) delete reused.params[key]
    reused.startedAt = process.hrtime.bigint()
    reused.operation = 'other'
    return reused
  }

  // A pooled context keeps its last request and response reachable until it is reused: at most
  // as many as were ever in flight at once, which is what reuse trades for fewer allocations.
  const release = (context: RequestContext) => {
    if (options.reuseContexts) pool.push(context)
  }

  const server = http.createServer((request, response) => {
    const context = acquire(request, response)
    if (logger.enabled('debug')) {
      logger.log('debug', 'request received', { method: context.method, path: context.path, ip: context.clientIp })
    }
    dispatch(context, api, metrics)
      .catch((error: unknown) => {
        logger.log('error', 'request failed', { method: context.method, path: context.path, error: String(error) })
        return errorResult(apiError(500, 'internal_error', 'the service failed to answer; the failure is logged, retry later'))
      })
      .then((result) => {
        if (result.kind === 'error' && result.status < 500) {
          logger.log(options.validationFailureLevel, 'request refused', {
            method: context.method,
            path: context.path,
            ip: context.clientIp,
            status: result.status,
            code: result.error.code,
            reason: result.error.message,
          })
        }
        if (result.kind === 'account' && result.warnings !== undefined && result.warnings.length > 0) {
          logger.log(options.validationFailureLevel, 'validation warning', {
            path: context.path,
            ip: context.clientIp,
            warnings: result.warnings,
          })
        }
        send(response, result)
        const durationSeconds = Number(process.hrtime.bigint() - context.startedAt) / 1e9
        metrics.record(context.operation, result.status, durationSeconds)
        // The access log line gin's Logger middleware writes for every request.
        if (logger.enabled('debug')) {
          logger.log('debug', 'request completed', {
            method: context.method,
            path: context.path,
            ip: context.clientIp,
            status: result.status,
            durationMs: durationSeconds * 1000,
          })
        }
        release(context)
      })
      .catch((error: unknown) => {
        // Answering itself failed (the socket is gone, say): log it and drop the connection
        // rather than let a rejected promise end the process.
        logger.log('error', 'answer failed', { method: context.method, path: context.path, error: String(error) })
        response.destroy()
      })
  })
  server.keepAliveTimeout = 60_000
  return server
}

async function dispatch(context: RequestContext, api: AccountApi, metrics: RequestMetrics): Promise<ApiResult | ServedDirectly> {
  if (context.method === 'GET' && context.path === '/health')
    return { kind: 'text', status: 200, contentType: 'application/json', body: '{"status":"ok"}' }
  if (context.method === 'GET' && context.path === '/metrics')
    return { kind: 'text', status: 200, contentType: 'text/plain; version=0.0.4', body: metrics.render() }
  let pathMatched = false
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(context.path)
    if (match === null) continue
    pathMatched = true
    if (candidate.method !== context.method) continue
    candidate.paramNames.forEach((name, i) => {
      context.params[name] = match[i + 1] ?? ''
    })
    context.operation = candidate.operation
    return candidate.handle(context, api)
  }
  if (pathMatched) {
    const allowed = ROUTES.filter((r) => r.pattern.test(context.path)).map((r) => r.method)
    context.response.setHeader('allow', allowed.join(', '))
    return errorResult(
      apiError(405, 'method_not_allowed', `${context.method} is not allowed on ${context.path}; use ${allowed.join(' or ')}`),
    )
  }
  return errorResult(
    apiError(404, 'route_not_found', `there is no route ${context.method} ${context.path}; see the API in the service's README`),
  )
}

interface ServedDirectly {
  kind: 'text'
  status: number
  contentType: string
  body: string
}

function send(response: http.ServerResponse, result: ApiResult | ServedDirectly): void {
  let body: string
  let contentType = 'application/json'
  switch (result.kind) {
    case 'account':
      body = JSON.stringify(result.account)
      break
    case 'transfer':
      body = JSON.stringify(result.receipt)
      break
    case 'page':
      body = JSON.stringify(result.page)
      break
    case 'error':
      body = JSON.stringify({ error: { code: result.error.code, message: result.error.message } })
      // The rest of an oversized body was never read: close instead of parsing it as the next request.
      if (result.status === 413) response.setHeader('connection', 'close')
      break
    case 'text':
      body = result.body
      contentType = result.contentType
      break
  }
  response.writeHead(result.status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) })
  response.end(body)
}

function route(method: string, template: string, operation: OperationName, handle: Route['handle']): Route {
  const paramNames: string[] = []
  const source = template.replace(/:([a-z]+)/g, (_, name: string) => {
    paramNames.push(name)
    return '([^/]+)'
  })
  return { method, pattern: new RegExp(`^${source}/?$`), paramNames, operation, handle }
}

async function withBody(context: RequestContext, then: (body: string) => Promise<ApiResult>): Promise<ApiResult> {
  const body = await readJsonBody(context.request, context.maxBodyBytes)
  return body.ok ? then(body.text) : errorResult(body.error)
}
