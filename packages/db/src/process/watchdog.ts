import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { processStartTime } from './process-identity.js'
import { WATCHDOG_SCRIPT } from './watchdog-script.js'

/**
 * A small detached process that outlives the harness and stops what the harness started.
 *
 * Cleanup inside the harness (dispose, `finally`, signal handlers) covers errors and Ctrl-C,
 * but not SIGKILL, an OOM kill or a `process.exit()` in the middle of a round. The watchdog
 * covers those: it holds the read end of a pipe whose write end only this process has, so the
 * kernel ends its input the moment this process ends, however it ends. It then stops the
 * registered servers (SIGTERM, then SIGKILL) and removes their directories.
 *
 * It runs in its own session (`detached`), so a Ctrl-C in the terminal, which signals the
 * whole foreground process group, reaches the harness but not the watchdog or the servers:
 * the harness decides when they stop.
 */
export interface WatchdogOptions {
  /** How long a process gets between SIGTERM and SIGKILL. */
  graceMs?: number
}

export class Watchdog implements AsyncDisposable {
  private constructor(private readonly child: ChildProcess) {}

  static start(options: WatchdogOptions = {}): Watchdog {
    const env: NodeJS.ProcessEnv = { ...process.env, DYNO_WATCHDOG_GRACE_MS: String(options.graceMs ?? 5000) }
    // A loader inherited through NODE_OPTIONS (tsx, a test runner's) would only slow it down.
    delete env.NODE_OPTIONS
    const child = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env })
    // Neither the watchdog nor the pipe to it may keep the harness alive.
    child.unref()
    // A watchdog that cannot start (no memory, no pids left) must not crash the harness; the
    // in-process cleanup still runs, only the SIGKILL case is then uncovered.
    child.on('error', () => {})
    child.stdin?.on('error', () => {})
    ;(child.stdin as unknown as { unref?: () => void } | null)?.unref?.()
    return new Watchdog(child)
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  private send(line: string): void {
    if (this.child.stdin?.writable) this.child.stdin.write(`${line}\n`)
  }

  /** Register a directory before anything is written into it. */
  guardDirectory(dir: string): void {
    this.send(`dir ${dir}`)
  }

  guardProcess(pid: number): void {
    this.send(`pid ${pid} ${processStartTime(pid) ?? '-'}`)
  }

  releaseProcess(pid: number): void {
    this.send(`unpid ${pid}`)
  }

  releaseDirectory(dir: string): void {
    this.send(`undir ${dir}`)
  }

  /** Ends the watchdog; whatever is still registered is cleaned up by it first. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = once(this.child, 'exit')
    // Hold the event loop open until the watchdog has finished its own cleanup.
    this.child.ref()
    this.child.stdin?.end()
    await exited
  }
}
