import type { ErrorRecord } from '../errors/dyno-error.js'
import type { IsolationUsed } from '../schema/result-file.js'
import type { CpuProfile, SamplingHeapProfile } from './cpu-profile.js'
import type { ProfilerSettings } from './inspector-profiler.js'

/**
 * What a profiling session produced, in memory: one merged CPU profile (and heap profile) per
 * variant, and the figures of the profiled rounds. These rounds ran under the profiler, which
 * slows the work down; they are a different type from RoundRecord on purpose, and nothing in
 * this shape can become a measured sample (see profile-after-session.ts).
 */
export interface ProfiledRound {
  /** The runner's metrics for the round, measured while the profiler ran. */
  values: Record<string, number>
  wallMs: number
  gcPauseMs: number
  gcCount: number
  eventLoopUtilization: number
}

export type ProfiledVariantStatus = 'profiled' | 'errored' | 'invalid'

export interface VariantProfile {
  variant: string
  status: ProfiledVariantStatus
  /** Why the variant was not profiled to the end. */
  reason: string | null
  rounds: ProfiledRound[]
  /** All rounds' profiles merged; null when no round got as far as the measured work. */
  cpu: CpuProfile | null
  heap: SamplingHeapProfile | null
}

export interface ScenarioProfile {
  scenarioId: string
  baseline: string
  startedAt: string
  finishedAt: string
  durationMs: number
  settings: ProfilerSettings
  /** Where the profiled rounds ran. */
  isolation: IsolationUsed
  /**
   * 'server': the profiles are of the server under test's own process over each round's
   * measured load (http-load), not of the process the rounds ran in. Absent: of the process
   * that ran the measured work.
   */
  profiledProcess?: 'server'
  variants: VariantProfile[]
  /** The scenario could not be set up (or its servers provisioned): nothing was profiled. */
  error: ErrorRecord | null
  warnings: string[]
}
