import type { CapturedProfile, ProfilerSettings } from '../profile/inspector-profiler.js'
import type { VariantContext } from '../scenario/scenario.js'
import type { RoundOutcome } from './execute-round.js'

/** Messages between the orchestrator and a round's child process (structured-clone IPC). */
export interface RoundRequest {
  type: 'run-round'
  scenarioFile: string
  scenarioId: string
  fixture: unknown
  context: VariantContext
  sourceVariant?: string
  /** Profile the round's measured work (profiling sessions only; never a measured round). */
  profile?: ProfilerSettings
}

export interface RoundReply {
  type: 'round-outcome'
  outcome: RoundOutcome
  /** The profile of the measured work, when the request asked for one and the work ran. */
  capture?: CapturedProfile
}
