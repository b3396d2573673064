import type { ErrorRecord } from '../errors/dyno-error.js'
import type { ServerMetrics } from './http-server-probe.js'

/** Messages between the load generator and the server host process (structured-clone IPC). */
export type HostRequest =
  | { type: 'start'; module: string; exportName: string; options: unknown }
  | { type: 'probe-reset' }
  | { type: 'probe-read'; id: number }
  | { type: 'stop' }

export type HostReply =
  | { type: 'ready'; port: number }
  | { type: 'start-failed'; error: ErrorRecord }
  | { type: 'probe'; id: number; metrics: ServerMetrics }
