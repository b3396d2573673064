import type { MicroCalibration, RoundOutcome } from '../orchestrate/execute-round.js'
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
 *   3. the client sends one request — `describe` (list the build's scenarios) or `round`
 *      (set up, warm up, measure one round of one variant, verify, tear down);
 *   4. the server sends one reply (`described`, `outcome` or `refused`) and exits.
 *
 * Versioning: ROUND_PROTOCOL_VERSION changes whenever a message changes shape or meaning.
 * Additive, ignorable fields do not change it; anything a peer would misread does.
 */
export const ROUND_PROTOCOL_VERSION = 1

/** The hidden CLI verb that serves the protocol. */
export const ROUND_COMMAND = '__round'

export interface ProtocolHello {
  type: 'hello'
  protocol: number
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

export interface RefusedReply {
  type: 'refused'
  reason: string
}

export type ProtocolRequest = DescribeRequest | RoundRequest
export type ProtocolReply = DescribeReply | RoundReply | RefusedReply
export type ServerMessage = ProtocolHello | ProtocolReply

export function isServerMessage(value: unknown): value is ServerMessage {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return type === 'hello' || type === 'described' || type === 'outcome' || type === 'refused'
}

export function isProtocolRequest(value: unknown): value is ProtocolRequest {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return (type === 'describe' || type === 'round') && typeof (value as { protocol?: unknown }).protocol === 'number'
}
