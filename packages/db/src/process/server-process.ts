import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { isProcessAlive } from './process-identity.js'

/**
 * A database server process started by the harness. It runs in its own process group
 * (`detached`), so the terminal's Ctrl-C reaches the harness, which then stops the server in
 * order, instead of reaching the server in the middle of a round. Output goes to a log file
 * in the server's directory; the tail of that file is what an error shows when the server
 * fails to start or dies.
 */
export interface ServerExit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface SpawnServerOptions {
  /** Shown in messages, e.g. "local MariaDB". */
  label: string
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** stdout and stderr are appended here. */
  logFile: string
}

export class ServerProcess {
  private exitInfo: ServerExit | null = null
  private stopping = false
  readonly exited: Promise<ServerExit>

  private constructor(
    child: ChildProcess,
    readonly pid: number,
    readonly label: string,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal }
        resolve(this.exitInfo)
      })
    })
  }

  static spawn(command: string, args: readonly string[], options: SpawnServerOptions): ServerProcess {
    const log = openSync(options.logFile, 'a')
    let child: ChildProcess
    try {
      child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env: options.env ?? process.env, cwd: options.cwd })
    } finally {
      closeSync(log)
    }
    if (child.pid === undefined) {
      throw new Error(`could not start ${command}`)
    }
    // The harness may exit with the server still running (an error path, a forgotten
    // dispose); the watchdog stops it then, so the server must not hold the harness open.
    child.unref()
    child.on('error', () => {})
    return new ServerProcess(child, child.pid, options.label, options.logFile)
  }

  /** How the process ended, or null while it runs. */
  get exit(): ServerExit | null {
    return this.exitInfo
  }

  /** True when the process ended without being asked to. */
  get diedUnexpectedly(): boolean {
    return this.exitInfo !== null && !this.stopping
  }

  describeExit(): string {
    const exit = this.exitInfo
    if (exit === null) return 'is running'
    return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`
  }

  /** The last lines of the server's log, for error messages. */
  logTail(lines = 8): string {
    try {
      const text = readFileSync(this.logFile, 'utf8').trimEnd()
      return text.split('\n').slice(-lines).join('\n')
    } catch {
      return ''
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal)
    } catch {
      try {
        process.kill(this.pid, signal)
      } catch {
        // already gone
      }
    }
  }

  /**
   * SIGTERM, then SIGKILL after `graceMs`. A throwaway server's data is deleted right after,
   * so a clean shutdown buys nothing but time; the grace period only lets it exit politely.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true
    if (this.exitInfo !== null) return
    this.signalGroup('SIGTERM')
    const timedOut = await Promise.race([this.exited.then(() => false), sleep(graceMs, true)])
    if (timedOut && this.exitInfo === null) {
      this.signalGroup('SIGKILL')
      await Promise.race([this.exited, sleep(5000)])
    }
    // The 'exit' event can lag behind the kernel; make sure the pid is really gone.
    for (let i = 0; i < 100 && isProcessAlive(this.pid); i++) await sleep(20)
  }
}
