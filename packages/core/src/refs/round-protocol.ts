import type { MicroCalibration, RoundOutcome } from '../orchestrate/execute-round.js'
import type { CapturedProfile, ProfilerSettings } from '../profile/inspector-profiler.js'
import type { ScenarioRecord } from '../schema/result-file.js'

/**
 * The round protocol: how the dyno that orchestrates `compare-refs` talks to the dyno inside
 * each build. Every round of every (side, variant) runs in a fresh process started as
 * `node <build>/node_modules/@dyno/cli/bin/dyno.js __round` in that build's checkout, so each
 * side's own harness loads its own scenario file and runs its own code under test. The
 * orchestrator only schedules rounds and does the statistics.
 *
 * Transport: Node's IPC channel with JSON serialisation (stdio fd 3). JSON rather than
 * structured clone because the two ends can be different dyno versions; stdout and stderr stay
 * free for whatever the scenario prints. The environment variable DYNO_ROUND_SCRATCH names a
 * directory for the round's scratch files, which the client removes after the process ends.
 *
 * Exchange, one request per process:
 *   1. the server sends `hello` with the protocol version it speaks;
 *   2. the client checks the version (a build without `__round`, which exits without a hello,
 *      or one speaking another version is refused: never measured with a mismatched harness);
 *   3. the client sends one request — `describe` (list the build's scenarios), `round`
 *      (set up, warm up, measure one round of one variant, verify, tear down) or, from
 *      revision 2, `profile-round` (the same, with the measured work under the CPU profiler);
 *   4. the server sends one reply (`described`, `outcome`, `profiled` or `refused`) and exits.
 *
 * Versioning: ROUND_PROTOCOL_VERSION changes whenever a message changes shape or meaning.
 * Additive, ignorable fields do not change it; anything a peer would misread does.
 *
 * Revisions: ROUND_PROTOCOL_REVISION counts request types added to the same version. A server
 * announces its revision in the hello (a hello without one comes from revision 1), and a client
 * sends a newer request type only to a server that announced it. So builds that predate a
 * revision are still measured — BASE is usually the older commit — and only what they cannot do
 * is left out, with a notice. Adding a revision never refuses an older peer, which a new version
 * would.
 */
export const ROUND_PROTOCOL_VERSION = 1

/**
 * 1: describe and round. 2: profile-round (profiling rounds for compare-refs --profile).
 * 3: a profile-round of an http-load scenario profiles the server process over each measured
 * load (a revision-2 server answers it, but profiles only its own process, where an http-load
 * round's work does not run: no captures).
 */
export const ROUND_PROTOCOL_REVISION = 3

/** The first revision whose servers answer `profile-round`. */
export const PROFILING_REVISION = 2

/** The first revision whose `profile-round` of an http-load scenario profiles its server's process. */
export const SERVER_PROFILING_REVISION = 3

/** The revision a server must have announced to profile a scenario of this runner kind usefully. */
export function profilingRevisionFor(runnerKind: string): number {
  return runnerKind === 'http-load' ? SERVER_PROFILING_REVISION : PROFILING_REVISION
}

/** The revision a hello announces; builds from before revisions existed send none. */
export function helloRevision(hello: ProtocolHello): number {
  return typeof hello.revision === 'number' && Number.isInteger(hello.revision) && hello.revision > 0 ? hello.revision : 1
}

/** The hidden CLI verb that serves the protocol. */
export const ROUND_COMMAND = '__round'

export interface ProtocolHello {
  type: 'hello'
  protocol: number
  /** The newest revision of this version the server answers (absent: 1). */
  revision?: number
  dynoVersion: string
}

export interface DescribeRequest {
  type: 'describe'
  protocol: number
  /** Scenario files or directories, relative to the server's working directory; empty = the default search. */
  scenarioPaths: string[]
  /** Default threshold for metrics whose scenario sets none (`--threshold`), or null for dyno's default. */
  threshold: number | null
}

/** A scenario as its build resolved it: everything the orchestrator needs, as plain data. */
export interface DescribedScenario {
  /** The result file's `scenario` record; `sourceFile` is relative to the server's working directory. */
  record: ScenarioRecord
  /** Variants in declaration order. */
  variants: { name: string; description: string | null }[]
  /** The metric the verdict table leads with. */
  primaryMetric: string
}

export interface DescribeProblem {
  /** Relative to the server's working directory. */
  file: string
  scenarioId: string | null
  message: string
}

export interface DescribeReply {
  type: 'described'
  scenarios: DescribedScenario[]
  /** Files that did not load and scenarios that are not valid: reported, never skipped silently. */
  problems: DescribeProblem[]
}

export interface RoundRequest {
  type: 'round'
  protocol: number
  /** The scenario file, relative to the server's working directory. */
  scenarioFile: string
  scenarioId: string
  variant: string
  quick: boolean
  /** The scenario's seed for this session (ScenarioContext.seed). */
  seed: number
  /** Micro runner: the batch size fixed by the session's first round, or null to calibrate. */
  calibration: MicroCalibration | null
}

export interface RoundReply {
  type: 'outcome'
  outcome: RoundOutcome
  /** The calibration this round used (the first round's becomes the session's). */
  calibration: MicroCalibration | null
  /** Problems that did not spoil the measurement, e.g. a teardown() that threw. */
  warnings: string[]
}

/**
 * One profiling round (revision 2): a `round`, except that the measured work runs `repeat`
 * times under the profiler in the same process — the first after the usual in-process warm-up,
 * the others with the batch size it chose — so a few processes give a short micro round enough
 * profiled work. Its figures were taken under the profiler: the orchestrator never records
 * them as samples. From revision 3, an http-load scenario's measured work is profiled where it
 * runs: in the server's own process, over each repeat's measured load (its warm-up excluded).
 */
export interface ProfileRoundRequest extends Omit<RoundRequest, 'type'> {
  type: 'profile-round'
  settings: ProfilerSettings
  /** Measured rounds under the profiler in this process (at least 1). */
  repeat: number
}

export interface ProfiledRoundReply {
  type: 'profiled'
  /** The last profiled round's outcome, or the first that was not ok (which ends the repeats). */
  outcome: RoundOutcome
  calibration: MicroCalibration | null
  /**
   * One capture per profiled round that completed, with that round's figures. http-load: of the
   * server's process (revision 3); a revision-2 server sends none, since it profiles only its own.
   */
  captures: { capture: CapturedProfile; values: Record<string, number> }[]
  warnings: string[]
}

export interface RefusedReply {
  type: 'refused'
  reason: string
}

export type ProtocolRequest = DescribeRequest | RoundRequest | ProfileRoundRequest
export type ProtocolReply = DescribeReply | RoundReply | ProfiledRoundReply | RefusedReply
export type ServerMessage = ProtocolHello | ProtocolReply

export function isServerMessage(value: unknown): value is ServerMessage {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return type === 'hello' || type === 'described' || type === 'outcome' || type === 'profiled' || type === 'refused'
}

export function isProtocolRequest(value: unknown): value is ProtocolRequest {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return (
    (type === 'describe' || type === 'round' || type === 'profile-round') && typeof (value as { protocol?: unknown }).protocol === 'number'
  )
}
