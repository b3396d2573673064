#!/usr/bin/env node
/**
 * Runs the reference server on its own: `PORT=8080 HELLO_BODY=prebuilt http-reference`.
 * Listens on 127.0.0.1 unless HOST says otherwise.
 */
import { createHelloServer } from './hello-server.js'

const port = Number(process.env.PORT ?? 8080)
const host = process.env.HOST ?? '127.0.0.1'
const body = process.env.HELLO_BODY === 'stringify' ? 'stringify' : 'prebuilt'
const server = createHelloServer({ body })
server.listen(port, host, () => {
  process.stdout.write(`http-reference (${body}) listening on http://${host}:${port}/\n`)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)))
