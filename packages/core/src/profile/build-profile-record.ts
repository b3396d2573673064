import type { MetricSpec } from '../scenario/metric.js'
import type { ProfileDiffRecord, ProfiledVariantRecord, ProfileRecord, ProfilerOverhead, ProfileTrigger } from '../schema/profile-record.js'
import { type FunctionCosts, functionCosts } from './function-costs.js'
import { DEFAULT_DIFF_TOP, diffFunctionCosts } from './profile-diff.js'
import type { SavedProfileFiles } from './save-profile-files.js'
import type { ProfiledRound, ScenarioProfile, VariantProfile } from './scenario-profile.js'

/**
 * Turns profiling sessions into the `profile` record of a result file: per profiled variant its
 * files, hottest functions, figures under the profiler and the profiler's overhead; and the
 * differential views asked for. Entries are labelled so that profiles from two checkouts
 * (compare-refs: `base:after` against `head:after`) fit the same record as two variants of
 * one run (`after` against `before`).
 */
export interface ProfileEntry {
  label: string
  profile: VariantProfile
  files: SavedProfileFiles
  /** Directory the profile was taken in (its checkout): file URLs are shown relative to it. */
  root: string
  /** Median of the primary metric over the measured, unprofiled rounds of the same run; null if none. */
  measuredMedian: number | null
}

export interface ProfileRecordInput {
  trigger: ProfileTrigger
  reason: string
  /** The session(s) the entries came from; several are summed (two checkouts). */
  sessions: readonly Pick<
    ScenarioProfile,
    'startedAt' | 'finishedAt' | 'durationMs' | 'settings' | 'isolation' | 'profiledProcess' | 'warnings'
  >[]
  primaryMetric: MetricSpec
  entries: readonly ProfileEntry[]
  /**
   * Which labelled profiles to compare; both must have been profiled. `matchMovedLines` for
   * profiles of two checkouts of the same code (see diffFunctionCosts).
   */
  diffs: readonly { base: string; head: string; matchMovedLines?: boolean }[]
  /** Functions per differential view (default 10) and per variant's hot list (default 15). */
  top?: number
  topFunctions?: number
}

export const DEFAULT_TOP_FUNCTIONS = 15

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Medians of the profiled rounds; the runner's own GC and event-loop figures win where it has them. */
export function profiledFigures(rounds: readonly ProfiledRound[]): Record<string, number> {
  const figures: Record<string, number> = {}
  const metrics = new Set(rounds.flatMap((r) => Object.keys(r.values)))
  for (const metric of metrics) {
    const m = median(rounds.flatMap((r) => (r.values[metric] === undefined ? [] : [r.values[metric] as number])))
    if (m !== null) figures[metric] = m
  }
  const extra = { gcPauseMs: (r: ProfiledRound) => r.gcPauseMs, gcCount: (r: ProfiledRound) => r.gcCount }
  for (const [name, read] of Object.entries(extra)) {
    const m = median(rounds.map(read))
    if (m !== null && figures[name] === undefined) figures[name] = m
  }
  const elu = median(rounds.map((r) => r.eventLoopUtilization))
  if (elu !== null && figures.eventLoopUtilization === undefined) figures.eventLoopUtilization = elu
  return figures
}

export function profilerOverhead(
  metric: MetricSpec,
  measuredMedian: number | null,
  profiledMedian: number | undefined,
): ProfilerOverhead | null {
  if (measuredMedian === null || profiledMedian === undefined || !(measuredMedian > 0) || !(profiledMedian > 0)) return null
  const slowdown = metric.better === 'lower' ? profiledMedian / measuredMedian : measuredMedian / profiledMedian
  return { metric: metric.name, measuredMedian, profiledMedian, slowdown }
}

export function buildProfileRecord(input: ProfileRecordInput): ProfileRecord {
  const topFunctions = input.topFunctions ?? DEFAULT_TOP_FUNCTIONS
  const costs = new Map<string, FunctionCosts>()
  const variants: ProfiledVariantRecord[] = input.entries.map((entry) => {
    const { profile } = entry
    const cost = profile.cpu === null ? null : functionCosts(profile.cpu, { root: entry.root })
    if (cost !== null) costs.set(entry.label, cost)
    const figures = profiledFigures(profile.rounds)
    return {
      label: entry.label,
      variant: profile.variant,
      status: profile.status,
      reason: profile.reason,
      rounds: profile.rounds.length,
      cpuProfile: entry.files.cpuProfile,
      heapProfile: entry.files.heapProfile,
      samples: cost?.totalSamples ?? 0,
      profiledMs: cost?.totalMs ?? 0,
      figures,
      overhead: profilerOverhead(input.primaryMetric, entry.measuredMedian, figures[input.primaryMetric.name]),
      topFunctions: (cost?.functions ?? []).slice(0, topFunctions).map((f) => ({
        functionName: f.functionName,
        url: f.url,
        line: f.line,
        selfSamples: f.selfSamples,
        selfMs: f.selfMs,
        share: f.share,
      })),
    }
  })
  const diffs: ProfileDiffRecord[] = []
  const warnings = input.sessions.flatMap((s) => s.warnings)
  for (const pair of input.diffs) {
    const base = costs.get(pair.base)
    const head = costs.get(pair.head)
    if (base === undefined || head === undefined) {
      warnings.push(
        `no differential view of ${pair.head} against ${pair.base}: ${base === undefined ? pair.base : pair.head} has no profile`,
      )
      continue
    }
    const options = { top: input.top ?? DEFAULT_DIFF_TOP, matchMovedLines: pair.matchMovedLines === true }
    diffs.push({ base: pair.base, head: pair.head, ...diffFunctionCosts(base, head, options) })
  }
  const first = input.sessions[0]
  const last = input.sessions[input.sessions.length - 1]
  return {
    trigger: input.trigger,
    reason: input.reason,
    startedAt: first?.startedAt ?? new Date().toISOString(),
    finishedAt: last?.finishedAt ?? new Date().toISOString(),
    durationMs: input.sessions.reduce((sum, s) => sum + s.durationMs, 0),
    samplingIntervalUs: first?.settings.samplingIntervalUs ?? 0,
    heap: first?.settings.heap ?? false,
    isolation: first?.isolation ?? 'in-process',
    ...(first?.profiledProcess !== undefined ? { profiledProcess: first.profiledProcess } : {}),
    variants,
    diffs,
    warnings,
  }
}
