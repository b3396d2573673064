import { closeSync, openSync, writeSync } from 'node:fs'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** Where log lines go: standard output, or a file appended to. */
export type LogDestination = { kind: 'stdout' } | { kind: 'file'; path: string }

/**
 * A structured logger writing one JSON object per line, synchronously, as Go's log packages
 * (and pino with sync: true) do: a line is on its way before the request is answered, and
 * every line costs the request a serialisation and a write system call. That per-request
 * cost is what seed 004 found when every request logged its warnings and client IP.
 */
export class Logger {
  private readonly threshold: number
  private readonly fd: number | null

  constructor(
    readonly level: LogLevel,
    destination: LogDestination,
  ) {
    this.threshold = RANK[level]
    this.fd = destination.kind === 'file' ? openSync(destination.path, 'a') : null
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= this.threshold
  }

  log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    if (!this.enabled(level)) return
    const line = `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`
    if (this.fd === null) process.stdout.write(line)
    else writeSync(this.fd, line)
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd)
  }
}
