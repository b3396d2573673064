import type { FunctionChange } from '../profile/profile-diff.js'

/**
 * The optional `profile` of a result file: what a profiling session after the measured one
 * found. Profile files (.cpuprofile, .heapprofile) sit beside the result under
 * `<run dir>/profiles/<scenario id>/`; this record names them, summarises each variant's hottest
 * functions and holds the differential view, so a report can show them from the result file
 * alone. The figures here were measured under the profiler: they explain, they never decide.
 * The variants' `rounds` (the verdict's samples) never include a profiled round.
 */
export type ProfileTrigger = 'requested' | 'regression'

export interface FunctionShareRecord {
  functionName: string
  /** Path relative to the project root, `node:…` for Node's own code, '' for V8's pseudo-frames. */
  url: string
  line: number | null
  selfSamples: number
  selfMs: number
  /** Share of all the variant's samples (0..1). */
  share: number
}

export interface ProfilerOverhead {
  /** The runner's primary metric. */
  metric: string
  /** Median of the measured (unprofiled) rounds of the same run. */
  measuredMedian: number
  /** Median of the profiled rounds. */
  profiledMedian: number
  /** How much slower the work ran under the profiler (> 1 is slower), whichever way the metric points. */
  slowdown: number
}

export interface ProfiledVariantRecord {
  /** How the report names this profile: the variant, or e.g. `base:after` when it comes from another checkout. */
  label: string
  variant: string
  status: 'profiled' | 'errored' | 'invalid'
  reason: string | null
  /** Profiled rounds that completed. */
  rounds: number
  /** Files relative to the run directory, '/'-separated; null when none was written. */
  cpuProfile: string | null
  heapProfile: string | null
  samples: number
  profiledMs: number
  /**
   * Medians over the profiled rounds: the runner's metrics, plus gcPauseMs, gcCount and
   * eventLoopUtilization of the profiled work. Measured under the profiler.
   */
  figures: Record<string, number>
  overhead: ProfilerOverhead | null
  /** Functions with the most self time, most first. */
  topFunctions: FunctionShareRecord[]
  /**
   * The directory the profile's file:// URLs are shown relative to when it is rendered again
   * (flame graphs): the checkout of the build it was taken in, for compare-refs' profiles of
   * two builds. Absent: the project directory dyno runs in.
   */
  root?: string
}

export interface ProfileDiffRecord {
  /** Labels of the two profiled variants compared (see ProfiledVariantRecord.label). */
  base: string
  head: string
  baseSamples: number
  headSamples: number
  /** The functions whose share of self time changed most, largest change first. */
  functions: FunctionChange[]
}

export interface ProfileRecord {
  trigger: ProfileTrigger
  /**
   * Why: for 'regression', what regressed ("after regressed on nsPerOp (+12.0%) against
   * before"); for 'requested', the words that follow "profiled" ("as asked with --profile").
   */
  reason: string
  startedAt: string
  finishedAt: string
  durationMs: number
  samplingIntervalUs: number
  heap: boolean
  /** Where the profiled rounds ran: in the measuring process or in a fresh process each. */
  isolation: 'in-process' | 'process'
  /**
   * 'server': the profiles are of the server under test's own process over each round's
   * measured load (http-load), not of the process the rounds ran in. Absent: of the process
   * that ran the measured work (see isolation).
   */
  profiledProcess?: 'server'
  variants: ProfiledVariantRecord[]
  diffs: ProfileDiffRecord[]
  warnings: string[]
}
