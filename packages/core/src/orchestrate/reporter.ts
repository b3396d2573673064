import type { MetricSpec } from '../scenario/metric.js'
import type { ProfileRecord, ProfileTrigger } from '../schema/profile-record.js'
import type { ResultFile } from '../schema/result-file.js'

/**
 * Progress events for whoever shows them (the CLI's progress lines, a test's recorder).
 * All optional; the orchestrator never prints.
 */
export interface RoundEvent {
  scenarioId: string
  phase: 'warmup' | 'measure'
  round: number
  plannedRounds: number
  variant: string
  status: 'ok' | 'errored' | 'invalid'
  /** The runner's primary metric for this round, when it completed. */
  primaryValue: number | null
  message: string | null
}

export interface ScenarioStartEvent {
  scenarioId: string
  variants: string[]
  /** The metric progress lines show for each round. */
  primaryMetric: MetricSpec
  plannedRounds: number
  warmupRounds: number
  index: number
  total: number
}

export interface Reporter {
  onRunStart?(event: { runId: string; scenarios: string[]; outDir: string }): void
  onScenarioStart?(event: ScenarioStartEvent): void
  onRound?(event: RoundEvent): void
  onScenarioEnd?(result: ResultFile, file: string): void
  onScenarioSkipped?(event: { scenarioId: string; reason: string }): void
  onRunEnd?(event: { runId: string; outDir: string; files: string[] }): void
  /** A profiling session after a scenario's measured one (--profile, or a regressed verdict). */
  onProfileStart?(event: ProfileStartEvent): void
  onProfileRound?(event: { scenarioId: string; variant: string; round: number; rounds: number; status: string }): void
  onProfileEnd?(event: { scenarioId: string; record: ProfileRecord }): void
}

export interface ProfileStartEvent {
  scenarioId: string
  trigger: ProfileTrigger
  reason: string
  variants: string[]
}
