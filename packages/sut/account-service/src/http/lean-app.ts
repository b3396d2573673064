import http from 'node:http'
import { performance } from 'node:perf_hooks'
import type { Logger } from '../observability/logger.js'
import type { OperationName, RequestMetrics } from '../observability/request-metrics.js'
import { type AccountApi, type ApiResult, errorResult } from './account-api.js'
import { apiError } from './api-error.js'
import { serializeAccount, serializeError, serializePage, serializeTransfer } from './compiled-serializers.js'
import { readJsonBody } from './read-body.js'

export interface LeanAppOptions {
  api: AccountApi
  logger: Logger
  metrics: RequestMetrics
  maxBodyBytes: number
}

const ACCOUNTS_PREFIX = '/accounts/'

/**
 * The leanest HTTP layer that still validates (seed 004's phase 3 "custom HTTP server"):
 * node:http with routing by string comparison instead of a pattern table, no per-request
 * context object and no middleware chain, answers serialised by compiled serialisers, and
 * logging only of failures the service itself caused. Validation and error answers are the
 * same AccountApi as every other variant's.
 */
export function createLeanServer(options: LeanAppOptions): http.Server {
  const { api, logger, metrics, maxBodyBytes } = options

  const withBody = (request: http.IncomingMessage, then: (body: string) => Promise<ApiResult>): Promise<ApiResult> =>
    readJsonBody(request, maxBodyBytes).then((body) => (body.ok ? then(body.text) : errorResult(body.error)))

  const server = http.createServer((request, response) => {
    const startedAt = performance.now()
    const url = request.url ?? '/'
    const queryAt = url.indexOf('?')
    let path = queryAt < 0 ? url : url.slice(0, queryAt)
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
    const method = request.method ?? 'GET'
    let operation: OperationName = 'other'
    let pending: Promise<ApiResult>

    if (path === '/transfers') {
      operation = 'transfer'
      pending = method === 'POST' ? withBody(request, (body) => api.transfer(body)) : notAllowed(response, method, path, 'POST')
    } else if (path === '/accounts') {
      if (method === 'POST') {
        operation = 'create'
        pending = withBody(request, (body) => api.createAccount(body))
      } else if (method === 'GET') {
        operation = 'list'
        pending = api.listAccounts(queryAt < 0 ? '' : url.slice(queryAt + 1))
      } else {
        pending = notAllowed(response, method, path, 'POST, GET')
      }
    } else if (path.startsWith(ACCOUNTS_PREFIX)) {
      const rest = path.slice(ACCOUNTS_PREFIX.length)
      const slash = rest.indexOf('/')
      if (slash < 0) {
        operation = 'get'
        pending = method === 'GET' ? api.getAccount(rest) : notAllowed(response, method, path, 'GET')
      } else {
        const id = rest.slice(0, slash)
        const action = rest.slice(slash + 1)
        if (action === 'deposits') {
          operation = 'deposit'
          pending = method === 'POST' ? withBody(request, (body) => api.deposit(id, body)) : notAllowed(response, method, path, 'POST')
        } else if (action === 'withdrawals') {
          operation = 'withdraw'
          pending = method === 'POST' ? withBody(request, (body) => api.withdraw(id, body)) : notAllowed(response, method, path, 'POST')
        } else {
          pending = noRoute(method, path)
        }
      }
    } else if (path === '/health' && method === 'GET') {
      writeText(response, 200, 'application/json', '{"status":"ok"}')
      return
    } else if (path === '/metrics' && method === 'GET') {
      writeText(response, 200, 'text/plain; version=0.0.4', metrics.render())
      return
    } else {
      pending = noRoute(method, path)
    }

    pending
      .catch((error: unknown) => {
        logger.log('error', 'request failed', { method, path, error: String(error) })
        return errorResult(apiError(500, 'internal_error', 'the service failed to answer; the failure is logged, retry later'))
      })
      .then((result) => {
        writeResult(response, result)
        metrics.record(operation, result.status, (performance.now() - startedAt) / 1000)
      })
      .catch((error: unknown) => {
        logger.log('error', 'answer failed', { method, path, error: String(error) })
        response.destroy()
      })
  })
  server.keepAliveTimeout = 60_000
  return server
}

function notAllowed(response: http.ServerResponse, method: string, path: string, allowed: string): Promise<ApiResult> {
  response.setHeader('allow', allowed)
  return Promise.resolve(
    errorResult(apiError(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allowed.split(', ').join(' or ')}`)),
  )
}

function noRoute(method: string, path: string): Promise<ApiResult> {
  return Promise.resolve(
    errorResult(apiError(404, 'route_not_found', `there is no route ${method} ${path}; see the API in the service's README`)),
  )
}

function writeResult(response: http.ServerResponse, result: ApiResult): void {
  let body: string
  switch (result.kind) {
    case 'account':
      body = serializeAccount(result.account)
      break
    case 'transfer':
      body = serializeTransfer(result.receipt)
      break
    case 'page':
      body = serializePage(result.page)
      break
    case 'error':
      body = serializeError(result.error.code, result.error.message)
      if (result.status === 413) response.setHeader('connection', 'close')
      break
  }
  writeText(response, result.status, 'application/json', body)
}

function writeText(response: http.ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) })
  response.end(body)
}
