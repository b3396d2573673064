import path from 'node:path'
import { toErrorRecord } from '../errors/dyno-error.js'
import type { Provisioner } from '../orchestrate/provisioner.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { ProfileRecord, ProfileTrigger } from '../schema/profile-record.js'
import type { IsolationUsed, ResultFile } from '../schema/result-file.js'
import { seedFromString } from '../stats/prng.js'
import { buildProfileRecord } from './build-profile-record.js'
import { DEFAULT_SAMPLING_INTERVAL_US, type ProfilerSettings } from './inspector-profiler.js'
import { profileScenario } from './profile-scenario.js'
import { saveProfileFiles } from './save-profile-files.js'

/**
 * What `dyno run` does after a scenario's measured session: profile every variant when asked
 * (`--profile`), or — by default — the baseline and each variant whose gated verdict came out
 * `regressed`, so the regression arrives with the functions that explain it.
 *
 * Profiling never feeds the verdict's samples, by construction: it starts only once the result
 * (samples, summaries, comparisons, budgets) is complete; it runs its own session
 * (profileScenario), whose rounds have a different type and never become RoundRecords; and the
 * only thing it adds to the result is the separate `profile` field. The result's measured
 * data are passed through untouched (tested in profile-after-session.test.ts).
 */
export type ProfileMode = 'always' | 'on-regression' | 'never'

export interface ProfilePolicy {
  mode: ProfileMode
  /** Profiled rounds per variant (default: defaultProfileRounds). */
  rounds?: number
  settings?: Partial<ProfilerSettings>
  /** Functions per differential view. */
  top?: number
}

export interface ProfilePlan {
  trigger: ProfileTrigger
  reason: string
  variants: string[]
  /** Non-baseline variants to compare with the baseline. */
  heads: string[]
}

/** Whom to profile after a measured session, or null when nothing calls for it. */
export function profilePlan(result: ResultFile, mode: ProfileMode): ProfilePlan | null {
  if (mode === 'never' || result.error !== null) return null
  const baseline = result.scenario.baselineVariant
  const usable = result.variants.filter((v) => v.status === 'completed').map((v) => v.name)
  if (!usable.includes(baseline)) return null
  if (mode === 'always') {
    return {
      trigger: 'requested',
      reason: 'as asked with --profile',
      variants: usable,
      heads: usable.filter((v) => v !== baseline),
    }
  }
  const regressed = result.comparisons.filter((c) => c.verdict === 'regressed' && c.metric.gated && usable.includes(c.head.variant))
  if (regressed.length === 0) return null
  const heads = [...new Set(regressed.map((c) => c.head.variant))]
  const what = regressed.map((c) => {
    const change = c.ratio.estimate === null ? '' : ` (${c.ratio.estimate >= 1 ? '+' : ''}${((c.ratio.estimate - 1) * 100).toFixed(1)}%)`
    return `${c.head.variant} regressed on ${c.metric.name}${change}`
  })
  return {
    trigger: 'regression',
    reason: `${what.join('; ')} against ${baseline}`,
    variants: usable.filter((v) => v === baseline || heads.includes(v)),
    heads,
  }
}

/** Where profiles of a scenario go: `<run dir>/profiles/<sut>/<name>/`. */
export function profileDirectory(runDir: string, scenarioId: string): string {
  return path.join(runDir, 'profiles', ...scenarioId.split('/'))
}

/** The record of a profiling session that failed as a whole: the reason, and no profiles. */
export function failedProfileRecord(input: {
  trigger: ProfileTrigger
  reason: string
  startedAt: string
  policy: Pick<ProfilePolicy, 'settings'>
  isolation: ProfileRecord['isolation']
  error: unknown
}): ProfileRecord {
  return {
    trigger: input.trigger,
    reason: input.reason,
    startedAt: input.startedAt,
    finishedAt: new Date().toISOString(),
    durationMs: Date.now() - Date.parse(input.startedAt),
    samplingIntervalUs: input.policy.settings?.samplingIntervalUs ?? DEFAULT_SAMPLING_INTERVAL_US,
    heap: input.policy.settings?.heap ?? false,
    isolation: input.isolation,
    variants: [],
    diffs: [],
    warnings: [`profiling failed: ${toErrorRecord(input.error).message}`],
  }
}

export interface ProfileAfterSessionInput {
  result: ResultFile
  resolved: ResolvedScenario
  runDir: string
  /** The project directory: profiles name files relative to it. */
  cwd: string
  policy: ProfilePolicy
  quick: boolean
  childExecArgv?: string[]
  provisioner?: Provisioner
  signal?: AbortSignal
  onStart?: (event: { scenarioId: string; plan: ProfilePlan; rounds: number | null }) => void
  onRound?: (event: { scenarioId: string; variant: string; round: number; rounds: number; status: string }) => void
  onEnd?: (event: { scenarioId: string; record: ProfileRecord }) => void
}

/** The measured session's isolation, so profiles show the work as it was measured. */
function measuredIsolation(result: ResultFile): IsolationUsed | undefined {
  for (const v of result.variants) for (const r of v.rounds) if (r.status === 'ok') return r.isolation
  return undefined
}

export async function profileAfterSession(input: ProfileAfterSessionInput): Promise<ResultFile> {
  const { result, resolved } = input
  const plan = profilePlan(result, input.policy.mode)
  if (plan === null || input.signal?.aborted) return result
  input.onStart?.({ scenarioId: result.scenario.id, plan, rounds: input.policy.rounds ?? null })
  let record: ProfileRecord
  const startedAt = new Date().toISOString()
  try {
    const isolation = measuredIsolation(result)
    const session = await profileScenario(resolved, {
      seed: (result.session.seed ^ seedFromString('profile')) >>> 0,
      quick: input.quick,
      variants: plan.variants,
      ...(input.policy.rounds !== undefined ? { rounds: input.policy.rounds } : {}),
      ...(input.policy.settings !== undefined ? { settings: input.policy.settings } : {}),
      ...(isolation !== undefined ? { isolation } : {}),
      ...(input.childExecArgv !== undefined ? { childExecArgv: input.childExecArgv } : {}),
      ...(input.provisioner !== undefined ? { provisioner: input.provisioner } : {}),
      ...(input.signal !== undefined ? { signal: input.signal } : {}),
      onRound: (event) => input.onRound?.({ scenarioId: result.scenario.id, ...event }),
    })
    const entries = session.variants.map((profile) => ({ label: profile.variant, profile }))
    const files = await saveProfileFiles(entries, profileDirectory(input.runDir, result.scenario.id), input.runDir)
    const primary = result.scenario.metrics.find((m) => m.name === resolved.primaryMetric) ?? result.scenario.metrics[0]
    record = buildProfileRecord({
      trigger: plan.trigger,
      reason: plan.reason,
      sessions: [session],
      primaryMetric: primary ?? { name: resolved.primaryMetric, unit: 'count', better: 'lower' },
      entries: entries.map((e) => ({
        ...e,
        files: files.get(e.label) ?? { cpuProfile: null, heapProfile: null },
        root: input.cwd,
        measuredMedian: result.variants.find((v) => v.name === e.label)?.summaries[resolved.primaryMetric]?.median ?? null,
      })),
      diffs: plan.heads.map((head) => ({ base: result.scenario.baselineVariant, head })),
      ...(input.policy.top !== undefined ? { top: input.policy.top } : {}),
    })
    if (session.error !== null) record.warnings.unshift(`the profiling session could not set the scenario up: ${session.error.message}`)
  } catch (error) {
    // Profiling explains a result; it must never cost the result itself.
    record = failedProfileRecord({ ...plan, startedAt, policy: input.policy, isolation: 'in-process', error })
  }
  input.onEnd?.({ scenarioId: result.scenario.id, record })
  return { ...result, profile: record }
}
