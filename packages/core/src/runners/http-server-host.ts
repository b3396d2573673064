/**
 * Entry point of the server-under-test's process: import the server module, build the server
 * with the variant's options, listen on 127.0.0.1, report the port, answer probe requests,
 * profile the measured phase when asked, and shut down when told (or when the generator goes
 * away). The server gets a process of its
 * own so that the load generator's event loop, GC and CPU never mix with the server's: a
 * server sharing the generator's loop would be measured queueing behind its own load.
 *
 * Nothing here prints: the server's own output is collected by the parent for error messages.
 */
import net from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type ErrorRecord, toErrorRecord } from '../errors/dyno-error.js'
import { InspectorProfiler, type ProfilerSettings } from '../profile/inspector-profiler.js'
import type { HostReply, HostRequest } from './http-host-protocol.js'
import { ServerProbe } from './http-server-probe.js'

interface ServerHandle {
  server: net.Server
  close: (() => unknown) | null
}

/** Time the host gives the server's own close() before exiting anyway. */
const CLOSE_GRACE_MS = 2000

const probe = new ServerProbe()
let handle: ServerHandle | null = null
/**
 * The profile being recorded, with how its start went (null when it started). The generator
 * does not wait for the start, so that the measured phase is not held up by it; a start that
 * failed is reported when the profile is asked for.
 */
let profiling: { profiler: InspectorProfiler; started: Promise<ErrorRecord | null> } | null = null

function send(reply: HostReply): void {
  process.send?.(reply)
}

function moduleUrl(specifier: string): string {
  if (specifier.startsWith('file:')) return specifier
  if (path.isAbsolute(specifier)) return pathToFileURL(specifier).href
  return specifier
}

function asHandle(value: unknown): ServerHandle | null {
  if (value instanceof net.Server) return { server: value, close: null }
  if (typeof value === 'object' && value !== null && 'server' in value) {
    const candidate = value as { server: unknown; close?: unknown }
    if (candidate.server instanceof net.Server) {
      const close = candidate.close
      return { server: candidate.server, close: typeof close === 'function' ? () => close.call(value) : null }
    }
  }
  return null
}

function listen(server: net.Server): Promise<void> {
  if (server.listening) return Promise.resolve()
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

async function start(request: Extract<HostRequest, { type: 'start' }>): Promise<void> {
  const namespace = (await import(moduleUrl(request.module))) as Record<string, unknown>
  const factory = namespace[request.exportName]
  if (typeof factory !== 'function') {
    const exported = Object.keys(namespace).join(', ') || 'nothing'
    throw new TypeError(`${request.module} has no exported function '${request.exportName}' (it exports ${exported})`)
  }
  const built = asHandle(await factory(request.options))
  if (built === null) {
    throw new TypeError(
      `${request.module} '${request.exportName}' must return a net.Server (e.g. http.createServer(…)) or { server, close() }`,
    )
  }
  handle = built
  await listen(built.server)
  const address = built.server.address()
  if (address === null || typeof address === 'string') throw new TypeError('the server does not listen on a TCP port')
  send({ type: 'ready', port: address.port })
}

function startProfile(settings: ProfilerSettings): void {
  profiling?.profiler.close()
  const profiler = new InspectorProfiler(settings)
  profiling = {
    profiler,
    started: profiler.start().then(
      () => null,
      (error: unknown) => toErrorRecord(error),
    ),
  }
}

async function stopProfile(id: number): Promise<void> {
  const current = profiling
  profiling = null
  if (current === null) {
    send({ type: 'profile-failed', id, error: { name: 'Error', message: 'no profile was started in the server process' } })
    return
  }
  try {
    const failedToStart = await current.started
    if (failedToStart !== null) send({ type: 'profile-failed', id, error: failedToStart })
    else send({ type: 'profile', id, capture: await current.profiler.stop() })
  } catch (error) {
    send({ type: 'profile-failed', id, error: toErrorRecord(error) })
  } finally {
    current.profiler.close()
  }
}

async function stop(): Promise<never> {
  const current = handle
  if (current !== null) {
    current.server.close()
    const withConnections = current.server as net.Server & { closeAllConnections?: () => void }
    withConnections.closeAllConnections?.()
    if (current.close !== null) {
      await Promise.race([Promise.resolve(current.close()).catch(() => undefined), new Promise((r) => setTimeout(r, CLOSE_GRACE_MS))])
    }
  }
  process.exit(0)
}

// If the generator goes away, so does the server: no orphaned processes holding ports.
process.on('disconnect', () => process.exit(1))
process.on('message', (message: HostRequest) => {
  switch (message.type) {
    case 'start':
      start(message).catch((error: unknown) => send({ type: 'start-failed', error: toErrorRecord(error) }))
      break
    case 'probe-reset':
      probe.reset()
      break
    case 'probe-read':
      send({ type: 'probe', id: message.id, metrics: probe.read() })
      break
    case 'profile-start':
      startProfile(message.settings)
      break
    case 'profile-stop':
      void stopProfile(message.id)
      break
    case 'stop':
      void stop()
      break
  }
})
