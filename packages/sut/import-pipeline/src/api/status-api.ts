import http from 'node:http'
import type { StatusStore } from '../status/status-store.js'

/**
 * The read-only HTTP status API:
 *
 * - `GET /imports` → `{ imports: ImportStatus[] }`, sorted by id
 * - `GET /imports/{id}` → one `ImportStatus` (the id is the file name, URL-encoded)
 * - `GET /imports/{id}/logs?offset=0&limit=100` → `{ id, offset, lines: LogLine[] }`
 * - `GET /health` → `{ ok: true }`
 *
 * Errors are JSON `{ error, hint }` with 400, 404 or 405.
 */
export function createStatusApi(store: StatusStore): http.Server {
  return http.createServer((request, response) => {
    handle(store, request, response).catch((error: unknown) => {
      send(response, 500, { error: 'internal error', hint: (error as Error).message })
    })
  })
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  response.end(text)
}

const LOGS_MAX_LIMIT = 1000

function integerParam(url: URL, name: string, fallback: number, max: number): number | string {
  const raw = url.searchParams.get(name)
  if (raw === null) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > max) return `${name} must be an integer from 0 to ${max}, got ${JSON.stringify(raw)}`
  return value
}

async function handle(store: StatusStore, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://status.invalid')
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD')
    send(response, 405, { error: `${request.method} is not allowed`, hint: 'the status API is read-only; use GET' })
    return
  }
  const parts = url.pathname.split('/').filter((p) => p !== '')
  if (parts.length === 1 && parts[0] === 'health') return send(response, 200, { ok: true })
  if (parts[0] !== 'imports' || parts.length > 3 || (parts.length === 3 && parts[2] !== 'logs')) {
    return send(response, 404, { error: `no route ${url.pathname}`, hint: 'routes: /imports, /imports/{id}, /imports/{id}/logs, /health' })
  }
  if (parts.length === 1) return send(response, 200, { imports: await store.list() })
  let id: string
  try {
    id = decodeURIComponent(parts[1] as string)
  } catch {
    return send(response, 400, {
      error: `malformed id ${JSON.stringify(parts[1])}`,
      hint: 'URL-encode the file name with encodeURIComponent',
    })
  }
  if (parts.length === 2) {
    const status = await store.get(id)
    if (status === undefined)
      return send(response, 404, { error: `no import ${JSON.stringify(id)}`, hint: 'GET /imports lists the known ids' })
    return send(response, 200, status)
  }
  const offset = integerParam(url, 'offset', 0, Number.MAX_SAFE_INTEGER)
  const limit = integerParam(url, 'limit', 100, LOGS_MAX_LIMIT)
  if (typeof offset === 'string' || typeof limit === 'string') {
    return send(response, 400, { error: [offset, limit].filter((p) => typeof p === 'string').join('; '), hint: 'fix the query string' })
  }
  const lines = await store.logs(id, offset, limit)
  if (lines === undefined)
    return send(response, 404, { error: `no import ${JSON.stringify(id)}`, hint: 'GET /imports lists the known ids' })
  send(response, 200, { id, offset, lines })
}
