import http from 'node:http'

/**
 * The reference HTTP service: node:http and nothing else, answering every request with the
 * same small JSON document (TechEmpower's "JSON serialization" test body). Whatever a real
 * service does on top (routing, validation, a database) can only make it slower, so its rate
 * on a machine is the ceiling any Node HTTP service there can reach.
 *
 * Two ways to produce the body:
 * - 'stringify': JSON.stringify a fresh object on every request, as a handler usually does;
 * - 'prebuilt': serialise once at start-up and write the same Buffer every time.
 */
export type HelloBody = 'stringify' | 'prebuilt'

export interface HelloServerOptions {
  body: HelloBody
}

export const HELLO_MESSAGE = 'Hello, World!'

export function createHelloServer(options: HelloServerOptions): http.Server {
  const handler = options.body === 'prebuilt' ? prebuiltHandler() : stringifyHandler()
  const server = http.createServer(handler)
  // Keep-alive connections stay open for the whole load; Node's 5 s default would close idle
  // ones between a warm-up and a measurement.
  server.keepAliveTimeout = 60_000
  return server
}

function stringifyHandler(): http.RequestListener {
  return (_request, response) => {
    const body = JSON.stringify({ message: HELLO_MESSAGE })
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    response.end(body)
  }
}

function prebuiltHandler(): http.RequestListener {
  const body = Buffer.from(JSON.stringify({ message: HELLO_MESSAGE }))
  const headers = { 'content-type': 'application/json', 'content-length': String(body.length) }
  return (_request, response) => {
    response.writeHead(200, headers)
    response.end(body)
  }
}
