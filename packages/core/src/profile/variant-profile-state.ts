import type { ErrorRecord } from '../errors/dyno-error.js'
import type { MicroCalibration, RoundOutcome } from '../orchestrate/execute-round.js'
import type { CpuProfile, SamplingHeapProfile } from './cpu-profile.js'
import type { CapturedProfile } from './inspector-profiler.js'
import { mergeCpuProfiles } from './merge-cpu-profiles.js'
import { mergeHeapProfiles } from './merge-heap-profiles.js'
import type { ProfiledRound, VariantProfile } from './scenario-profile.js'

/**
 * One variant's profiling while its session runs: the captures of its profiled rounds, the
 * batch size its first round chose, and whether it may go on (a round that errs or is invalid
 * retires it, as in a measuring session). Shared by `dyno run`'s profiling session (in this
 * process or a child per round) and compare-refs' (a process of the variant's build per round),
 * so both turn rounds into the same VariantProfile.
 */
export class VariantProfileState {
  status: VariantProfile['status'] = 'profiled'
  reason: string | null = null
  calibration: MicroCalibration | null = null
  readonly rounds: ProfiledRound[] = []
  private readonly cpu: CpuProfile[] = []
  private readonly heap: SamplingHeapProfile[] = []

  constructor(readonly variant: string) {}

  get running(): boolean {
    return this.status === 'profiled'
  }

  /** Wall time of the work profiled so far. */
  get profiledMs(): number {
    return this.rounds.reduce((sum, r) => sum + r.wallMs, 0)
  }

  /** A profiled round that completed: its capture and the runner's figures for it. */
  add(capture: CapturedProfile, values: Record<string, number>): void {
    this.cpu.push(capture.cpu)
    if (capture.heap !== null) this.heap.push(capture.heap)
    this.rounds.push({
      values,
      wallMs: capture.wallMs,
      gcPauseMs: capture.gcPauseMs,
      gcCount: capture.gcCount,
      eventLoopUtilization: capture.eventLoopUtilization,
    })
  }

  /** Stops profiling the variant after a round that was not ok. */
  retire(outcome: RoundOutcome): void {
    if (outcome.status === 'ok') return
    this.status = outcome.status
    this.reason =
      outcome.status === 'errored'
        ? `${outcome.error.name === 'Error' ? '' : `${outcome.error.name}: `}${outcome.error.message}`
        : outcome.reason
  }

  /** All rounds merged into one profile; `setupError` when the session never got to the variant. */
  toProfile(setupError: ErrorRecord | null = null): VariantProfile {
    return {
      variant: this.variant,
      status: setupError !== null ? 'errored' : this.status,
      reason: setupError !== null ? `the scenario could not be set up: ${setupError.message}` : this.reason,
      rounds: this.rounds,
      cpu: this.cpu.length > 0 ? mergeCpuProfiles(this.cpu) : null,
      heap: this.heap.length > 0 ? mergeHeapProfiles(this.heap) : null,
    }
  }
}
