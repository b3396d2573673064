import type { ErrorRecord } from '../errors/dyno-error.js'
import type { CapturedProfile, ProfilerSettings } from '../profile/inspector-profiler.js'
import type { ServerMetrics } from './http-server-probe.js'

/**
 * Messages between the load generator and the server host process (structured-clone IPC).
 * 'profile-start' and 'profile-stop' bracket the measured phase of a profiled round: the
 * server's CPU profile is taken in the server's own process, where the measured work runs.
 */
export type HostRequest =
  | { type: 'start'; module: string; exportName: string; options: unknown }
  | { type: 'probe-reset' }
  | { type: 'probe-read'; id: number }
  | { type: 'profile-start'; settings: ProfilerSettings }
  | { type: 'profile-stop'; id: number }
  | { type: 'stop' }

export type HostReply =
  | { type: 'ready'; port: number }
  | { type: 'start-failed'; error: ErrorRecord }
  | { type: 'probe'; id: number; metrics: ServerMetrics }
  | { type: 'profile'; id: number; capture: CapturedProfile }
  | { type: 'profile-failed'; id: number; error: ErrorRecord }
