import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ServerProcess } from '../process/server-process.js'
import { Watchdog } from '../process/watchdog.js'

/**
 * The directory, the watchdog and the process of one throwaway server, released together.
 * The watchdog learns about the directory and the process the moment they exist, so from then
 * on nothing can leak: not on an error, not on Ctrl-C, not when the harness is killed.
 */
export class ServerSandbox implements AsyncDisposable {
  private server: ServerProcess | null = null
  private disposed = false

  private constructor(
    readonly dir: string,
    private readonly watchdog: Watchdog,
    private readonly stopGraceMs: number,
  ) {}

  static async create(prefix: string, options: { baseDir?: string; stopGraceMs: number }): Promise<ServerSandbox> {
    const watchdog = Watchdog.start({ graceMs: options.stopGraceMs })
    let dir: string
    try {
      dir = await mkdtemp(path.join(options.baseDir ?? os.tmpdir(), prefix))
    } catch (error) {
      await watchdog[Symbol.asyncDispose]()
      throw error
    }
    watchdog.guardDirectory(dir)
    return new ServerSandbox(dir, watchdog, options.stopGraceMs)
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts)
  }

  get process(): ServerProcess | null {
    return this.server
  }

  spawn(command: string, args: readonly string[], options: { label: string; env?: NodeJS.ProcessEnv; logFile: string }): ServerProcess {
    if (this.server !== null) throw new Error('this sandbox already runs a server')
    const server = ServerProcess.spawn(command, args, { ...options, cwd: this.dir })
    this.watchdog.guardProcess(server.pid)
    this.server = server
    return server
  }

  /** Stops the server (SIGTERM, then SIGKILL after the grace period) and forgets it. */
  async stopServer(): Promise<void> {
    const server = this.server
    if (server === null) return
    await server.stop(this.stopGraceMs)
    this.watchdog.releaseProcess(server.pid)
    this.server = null
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    try {
      await this.stopServer()
      await rm(this.dir, { recursive: true, force: true })
      this.watchdog.releaseDirectory(this.dir)
    } finally {
      // If anything above failed, the watchdog still holds what is left and cleans it up now.
      await this.watchdog[Symbol.asyncDispose]()
    }
  }
}
