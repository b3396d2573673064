import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { functionCosts } from '../profile/function-costs.js'
import { profilerSettings } from '../profile/inspector-profiler.js'
import { ServerProcess, ServerProcessError } from './server-process.js'

const FIXTURE = fileURLToPath(new URL('../../test-fixtures/http-servers.mjs', import.meta.url))
const started: ServerProcess[] = []

async function start(exportName: string, options: unknown = {}, extra: { readyPath?: string; startTimeoutMs?: number } = {}) {
  const server = await ServerProcess.start({ module: FIXTURE, export: exportName, options, ...extra })
  started.push(server)
  return server
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()))
})

describe('ServerProcess', () => {
  it('starts the server in a process of its own, listening on a free loopback port', async () => {
    const server = await start('createEchoServer')
    expect(server.pid).not.toBe(process.pid)
    expect(server.listeningPort).toBeGreaterThan(0)
    const response = await fetch(`http://127.0.0.1:${server.listeningPort}/ok`)
    expect(await response.json()).toEqual({ ok: true, method: 'GET', body: '' })
  })

  it('accepts a factory that already listens by itself', async () => {
    const server = await start('createListeningServer')
    expect(await (await fetch(`http://127.0.0.1:${server.listeningPort}/`)).text()).toBe('listening already')
  })

  it('waits for the ready path to answer 2xx before calling the server ready', async () => {
    const server = await start('createSlowStartingServer', { readyAfterMs: 300 }, { readyPath: '/ready' })
    expect((await fetch(`http://127.0.0.1:${server.listeningPort}/ready`)).status).toBe(200)
  })

  it("reports a factory that throws with the factory's own message", async () => {
    await expect(start('createBrokenServer')).rejects.toThrow(/could not start: database file \/var\/lib\/app.db is missing/)
  })

  it('explains a missing export and a factory that returns no server', async () => {
    await expect(start('createNothing')).rejects.toThrow(/no exported function 'createNothing' \(it exports .*createEchoServer/)
    await expect(start('notAServer')).rejects.toThrow(ServerProcessError)
    await expect(start('notAServer')).rejects.toThrow(/must return a net.Server/)
  })

  it('reads the probe from inside the server process: CPU, memory, GC and handles of the measured period', async () => {
    const server = await start('createEchoServer')
    server.resetProbe()
    for (let i = 0; i < 100; i++) await (await fetch(`http://127.0.0.1:${server.listeningPort}/garbage`)).text()
    const metrics = await server.readProbe()
    expect(metrics.cpuUserMs + metrics.cpuSystemMs).toBeGreaterThan(0)
    expect(metrics.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024)
    expect(metrics.gcCount).toBeGreaterThan(0)
    expect(metrics.gcPauseMs).toBeGreaterThan(0)
    expect(metrics.gcMaxPauseMs).toBeLessThanOrEqual(metrics.gcPauseMs)
    // The listening server and the IPC channel at least.
    expect(metrics.maxActiveHandles).toBeGreaterThanOrEqual(2)
    expect(metrics.eventLoopDelayP99Us).toBeGreaterThanOrEqual(0)
  })

  it('profiles the server process between startProfile and stopProfile, and says when no profile was started', async () => {
    const server = await start('createEchoServer')
    await expect(server.stopProfile()).rejects.toThrow(/could not profile: no profile was started/)
    server.startProfile(profilerSettings())
    for (let i = 0; i < 50; i++) await (await fetch(`http://127.0.0.1:${server.listeningPort}/garbage`)).text()
    const capture = await server.stopProfile()
    expect(capture.cpu.samples?.length).toBeGreaterThan(0)
    // The server's own code, so the profile was taken in the server's process, not this one.
    expect(functionCosts(capture.cpu).functions.some((f) => f.url.endsWith('http-servers.mjs'))).toBe(true)
    await expect(server.stopProfile()).rejects.toThrow(/no profile was started/)
  })

  it('gives up on a profile when the server process goes away before sending it', async () => {
    const server = await start('createEchoServer')
    server.startProfile(profilerSettings())
    // /block spins the server's event loop forever, so it can never answer 'profile-stop'.
    fetch(`http://127.0.0.1:${server.listeningPort}/block`).catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const profile = server.stopProfile()
    await server.stop(300)
    await expect(profile).rejects.toThrow(/exited \(SIGKILL\) before its profile could be read/)
  })

  it('stops a server that no longer answers by killing it after the stop timeout', async () => {
    const server = await start('createEchoServer')
    // /block spins the server's event loop forever, so it can never handle 'stop'.
    fetch(`http://127.0.0.1:${server.listeningPort}/block`).catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await server.stop(300)
    expect(server.exited?.signal).toBe('SIGKILL')
    expect(isAlive(server.pid)).toBe(false)
  })

  it('closes a healthy server cleanly when asked', async () => {
    const server = await start('createEchoServer')
    await server.stop()
    expect(server.exited).toEqual({ code: 0, signal: null })
  })

  it('notices a server that dies, with the last words it printed', async () => {
    const server = await start('createCrashingServer')
    await fetch(`http://127.0.0.1:${server.listeningPort}/`).catch(() => undefined)
    await server.whenExited()
    expect(server.exited?.code).toBe(7)
    expect(server.exitError('during the load').message).toMatch(
      /exited \(code 7\) during the load; its output ended with:\nfatal: out of file descriptors/,
    )
    await expect(server.readProbe()).rejects.toThrow(/exited/)
  })
})
