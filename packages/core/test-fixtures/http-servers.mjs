// Servers under test for the http-load runner's integration tests, as plain ESM (no loader
// needed in the server process). Each export is a factory the server host calls with options.
import { writeFileSync } from 'node:fs'
import http from 'node:http'

const LOCK_ERROR = JSON.stringify({ error: 'SQLITE_BUSY: database is locked' })

/** Keeps objects alive briefly so the server's GC has work (the probe must see pauses). */
let retained = []

function readBody(request) {
  return new Promise((resolve) => {
    const chunks = []
    request.on('data', (c) => chunks.push(c))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
  })
}

/**
 * Answers by path: /ok, /status/NNN, /busy (500 + SQLITE_BUSY body), /busy-200 (200 + the same
 * body), /hang (never answers), /reset (drops the connection), /chunked, /close
 * (connection: close), /garbage (allocates), /block (blocks the event loop for good).
 * With `logFile`, every request's method, path and body are written there on close; with
 * `failEvery: n`, every n-th request is answered 503; with `failAll`, every request.
 */
export function createEchoServer(options = {}) {
  const log = []
  let served = 0
  const server = http.createServer(async (request, response) => {
    const body = await readBody(request)
    served++
    if (options.logFile) log.push(`${request.method} ${request.url} ${body}`)
    const url = request.url ?? '/'
    if (options.failAll || (options.failEvery && served % options.failEvery === 0)) {
      response.writeHead(503, { 'content-type': 'text/plain' })
      response.end('unavailable')
    } else if (url.startsWith('/status/')) {
      response.writeHead(Number(url.slice(8)), { 'content-type': 'text/plain' })
      response.end('status')
    } else if (url === '/busy' || url === '/busy-200') {
      response.writeHead(url === '/busy' ? 500 : 200, { 'content-type': 'application/json' })
      response.end(LOCK_ERROR)
    } else if (url === '/hang') {
      // never answers
    } else if (url === '/reset') {
      request.socket.destroy()
    } else if (url === '/chunked') {
      response.writeHead(200, { 'content-type': 'text/plain' })
      response.write('chunk one;')
      setImmediate(() => response.end('chunk two'))
    } else if (url === '/close') {
      response.writeHead(200, { connection: 'close', 'content-length': '2' })
      response.end('ok')
    } else if (url === '/garbage') {
      retained = Array.from({ length: 2000 }, (_, i) => ({ i, text: `item ${i}`.repeat(4) }))
      response.end(String(retained.length))
    } else if (url === '/block') {
      for (;;) {
        // blocks the event loop forever: the host can no longer react to 'stop'
      }
    } else {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ ok: true, method: request.method, body }))
    }
  })
  server.keepAliveTimeout = 60_000
  if (!options.logFile) return server
  return { server, close: () => writeFileSync(options.logFile, log.join('\n')) }
}

/**
 * Blocks its event loop for `stallMs` every `everyMs` (a GC pause, a synchronous fsync, a
 * lock): the server the open model must catch and the closed model cannot see.
 */
export function createStallingServer({ stallMs = 200, everyMs = 1000 } = {}) {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
    response.end('ok')
  })
  server.keepAliveTimeout = 60_000
  const timer = setInterval(() => {
    const until = Date.now() + stallMs
    while (Date.now() < until) {
      // stalled
    }
  }, everyMs)
  server.on('close', () => clearInterval(timer))
  return server
}

export async function createBrokenServer() {
  throw new Error('database file /var/lib/app.db is missing')
}

export function notAServer() {
  return { listen: () => undefined }
}

/** Listens by itself, on 127.0.0.1, before returning. */
export function createListeningServer() {
  return new Promise((resolve) => {
    const server = http.createServer((_request, response) => response.end('listening already'))
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

/** Answers 503 until it has been up for `readyAfterMs`, then 200 on /ready. */
export function createSlowStartingServer({ readyAfterMs = 300 } = {}) {
  const started = Date.now()
  return http.createServer((request, response) => {
    const ready = Date.now() - started >= readyAfterMs
    response.writeHead(request.url === '/ready' && !ready ? 503 : 200)
    response.end(ready ? 'ready' : 'warming up')
  })
}

/** Exits the process on the first request: a server that crashes under load. */
export function createCrashingServer() {
  return http.createServer(() => {
    process.stderr.write('fatal: out of file descriptors\n')
    process.exit(7)
  })
}
