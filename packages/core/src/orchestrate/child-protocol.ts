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
}

export interface RoundReply {
  type: 'round-outcome'
  outcome: RoundOutcome
}
