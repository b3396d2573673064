import { type ChildProcess, fork } from 'node:child_process'
import http from 'node:http'
import type { ErrorRecord } from '../errors/dyno-error.js'
import type { CapturedProfile, ProfilerSettings } from '../profile/inspector-profiler.js'
import type { HostReply, HostRequest } from './http-host-protocol.js'
import type { ServerMetrics } from './http-server-probe.js'
import type { ServerSpec } from './http-server-spec.js'

const HOST_ENTRY = new URL(`./http-server-host${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)
const DEFAULT_START_TIMEOUT_MS = 15_000
const DEFAULT_STOP_TIMEOUT_MS = 5_000
const PROBE_TIMEOUT_MS = 5_000
/** Stopping a profile serializes it in the server and sends it over IPC: a large one takes a while. */
const PROFILE_STOP_TIMEOUT_MS = 30_000
const READY_POLL_MS = 50
const OUTPUT_TAIL_CHARS = 4000

/** Why a server process could not be started or went away; the message carries its output tail. */
export class ServerProcessError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ServerProcessError'
  }
}

export interface StartServerOptions {
  /** Node flags for the host process on top of the spec's, e.g. a TypeScript loader. */
  execArgv?: readonly string[]
}

/**
 * Node flags the host needs to load itself: none from the build; a TypeScript loader when dyno
 * runs from its sources (tests), where the host entry is a .ts file.
 */
function hostExecArgv(): string[] {
  return HOST_ENTRY.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : []
}

/**
 * The parent's handle on a server under test running in its own process (see
 * http-server-host.ts): start with readiness detection, probe, profile, and a bounded stop.
 */
export class ServerProcess {
  private output = ''
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null
  private readonly exitWaiters: (() => void)[] = []
  private readonly probeWaiters = new Map<number, (metrics: ServerMetrics) => void>()
  private nextProbeId = 1
  private readonly profileWaiters = new Map<number, (reply: CapturedProfile | ErrorRecord) => void>()
  private nextProfileId = 1
  private port = 0

  private constructor(private readonly child: ChildProcess) {
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    child.on('message', (message: HostReply) => {
      if (message.type === 'probe') {
        this.probeWaiters.get(message.id)?.(message.metrics)
        this.probeWaiters.delete(message.id)
      } else if (message.type === 'profile' || message.type === 'profile-failed') {
        this.profileWaiters.get(message.id)?.(message.type === 'profile' ? message.capture : message.error)
        this.profileWaiters.delete(message.id)
      }
    })
    child.on('exit', (code, signal) => {
      this.exitInfo = { code, signal }
      for (const waiter of this.exitWaiters.splice(0)) waiter()
    })
  }

  static async start(spec: ServerSpec, options: StartServerOptions = {}): Promise<ServerProcess> {
    const child = fork(HOST_ENTRY, [], {
      execArgv: [...hostExecArgv(), ...(options.execArgv ?? []), ...(spec.execArgv ?? [])],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...spec.env, DYNO_SERVER_UNDER_TEST: '1' },
    })
    const server = new ServerProcess(child)
    const timeoutMs = spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS
    const deadline = Date.now() + timeoutMs
    try {
      server.port = await server.waitForListening(spec, timeoutMs)
      if (spec.readyPath !== undefined) await server.waitForReadyPath(spec.readyPath, deadline)
      return server
    } catch (error) {
      await server.stop()
      throw error
    }
  }

  get listeningPort(): number {
    return this.port
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  /** Exit status once the process has exited, else null. */
  get exited(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.exitInfo
  }

  /** The last few KB of the server's stdout and stderr. */
  get outputTail(): string {
    return this.output.trim()
  }

  /** Resolves when the process exits (at once if it already has). */
  whenExited(): Promise<void> {
    if (this.exitInfo !== null) return Promise.resolve()
    return new Promise((resolve) => this.exitWaiters.push(resolve))
  }

  resetProbe(): void {
    this.send({ type: 'probe-reset' })
  }

  readProbe(): Promise<ServerMetrics> {
    const id = this.nextProbeId++
    return new Promise((resolve, reject) => {
      if (this.exitInfo !== null) {
        reject(this.exitError('before its probe could be read'))
        return
      }
      const timer = setTimeout(() => {
        this.probeWaiters.delete(id)
        reject(new ServerProcessError(`the server process did not answer its probe within ${PROBE_TIMEOUT_MS} ms`))
      }, PROBE_TIMEOUT_MS)
      this.probeWaiters.set(id, (metrics) => {
        clearTimeout(timer)
        resolve(metrics)
      })
      this.send({ type: 'probe-read', id })
    })
  }

  /**
   * Starts a CPU profile in the server process. It does not wait for the profiler to start, so
   * the load goes on at once; a profiler that could not start is reported by stopProfile().
   */
  startProfile(settings: ProfilerSettings): void {
    this.send({ type: 'profile-start', settings })
  }

  /** Stops the profile startProfile() began and returns what the server process recorded. */
  stopProfile(): Promise<CapturedProfile> {
    const id = this.nextProfileId++
    return new Promise((resolve, reject) => {
      if (this.exitInfo !== null) {
        reject(this.exitError('before its profile could be read'))
        return
      }
      const cleanup = () => {
        clearTimeout(timer)
        this.profileWaiters.delete(id)
        const index = this.exitWaiters.indexOf(onExit)
        if (index >= 0) this.exitWaiters.splice(index, 1)
      }
      const onExit = () => {
        cleanup()
        reject(this.exitError('before its profile could be read'))
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new ServerProcessError(`the server process did not send its profile within ${PROFILE_STOP_TIMEOUT_MS} ms`))
      }, PROFILE_STOP_TIMEOUT_MS)
      this.exitWaiters.push(onExit)
      this.profileWaiters.set(id, (reply) => {
        cleanup()
        if ('cpu' in reply) resolve(reply)
        else reject(new ServerProcessError(`the server process could not profile: ${reply.message}`))
      })
      this.send({ type: 'profile-stop', id })
    })
  }

  /** Asks the server to close, and kills it if it has not exited within the timeout. */
  async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    if (this.exitInfo !== null) return
    this.send({ type: 'stop' })
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs)
    await this.whenExited()
    clearTimeout(timer)
  }

  exitError(when: string): ServerProcessError {
    const info = this.exitInfo
    const how = info === null ? 'is gone' : `exited (${info.signal ?? `code ${info.code}`})`
    const tail = this.outputTail
    return new ServerProcessError(`the server process ${how} ${when}${tail ? `; its output ended with:\n${tail}` : ''}`)
  }

  private send(request: HostRequest): void {
    if (this.exitInfo === null && this.child.connected) this.child.send(request)
  }

  private waitForListening(spec: ServerSpec, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer)
        this.child.off('message', onMessage)
        this.child.off('error', onError)
        const index = this.exitWaiters.indexOf(onExit)
        if (index >= 0) this.exitWaiters.splice(index, 1)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(
          new ServerProcessError(
            `the server did not start listening within ${timeoutMs} ms${this.outputTail ? `; its output ended with:\n${this.outputTail}` : ''}`,
          ),
        )
      }, timeoutMs)
      const onMessage = (message: HostReply) => {
        if (message.type === 'ready') {
          cleanup()
          resolve(message.port)
        } else if (message.type === 'start-failed') {
          cleanup()
          const tail = this.outputTail
          reject(
            new ServerProcessError(
              `the server could not start: ${message.error.message}${tail ? `; its output ended with:\n${tail}` : ''}`,
            ),
          )
        }
      }
      const onError = (error: Error) => {
        cleanup()
        reject(new ServerProcessError(`could not start the server process: ${error.message}`, { cause: error }))
      }
      const onExit = () => {
        cleanup()
        reject(this.exitError('while starting'))
      }
      this.child.on('message', onMessage)
      this.child.on('error', onError)
      this.exitWaiters.push(onExit)
      this.send({ type: 'start', module: spec.module, exportName: spec.export ?? 'default', options: spec.options })
    })
  }

  private async waitForReadyPath(readyPath: string, deadline: number): Promise<void> {
    let last = 'no answer yet'
    while (Date.now() < deadline) {
      if (this.exitInfo !== null) throw this.exitError('while getting ready')
      const status = await getStatus(this.port, readyPath).catch((error: unknown) => {
        last = error instanceof Error ? error.message : String(error)
        return 0
      })
      if (status >= 200 && status < 300) return
      if (status !== 0) last = `status ${status}`
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS))
    }
    throw new ServerProcessError(`the server listened but GET ${readyPath} did not answer 2xx in time (last: ${last})`)
  }
}

function getStatus(port: number, requestPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: requestPath, agent: false, timeout: 1000 }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    request.on('timeout', () => request.destroy(new Error('timed out')))
    request.on('error', reject)
  })
}
