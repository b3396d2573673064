import { performance } from 'node:perf_hooks'
import { recordCheckoutProfiles } from '../profile/checkout-profiles.js'
import type { ProfilerSettings } from '../profile/inspector-profiler.js'
import { failedProfileRecord } from '../profile/profile-after-session.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { ResultFile } from '../schema/result-file.js'
import { type ProfileArmRunner, profileRefSession } from './profile-ref-session.js'
import type { RefProfilePlan } from './ref-profile-plan.js'

/**
 * Profiles one compare-refs scenario as its plan says (profileRefSession: profiling rounds on
 * each build) and returns HEAD's result with the profile record attached — both builds'
 * profiles, saved under `<runDir>/profiles/<scenario id>/`, and the differential view
 * BASE→HEAD per variant profiled on both.
 *
 * Profiling never feeds the verdict's samples: it starts after the measured session is over,
 * its rounds come back as ScenarioProfiles (never RoundRecords), and the result it returns is
 * the measured one with only the separate `profile` field added (tested in
 * profile-ref-scenario.test.ts). A profiling session that fails costs the profile, with the
 * reason in its warnings, never the result.
 */
export interface RefScenarioProfileInput {
  plan: RefProfilePlan
  /** The measured results of the scenario; BASE's is absent for a scenario only HEAD has. */
  results: { base: ResultFile | undefined; head: ResultFile }
  /** The scenario as HEAD describes it (its runner decides how much profiling is enough). */
  head: ResolvedScenario
  /** Each build's working directory: profiles name their files relative to it. */
  roots: { base: string; head: string }
  /** HEAD's run directory, where its result file is. */
  runDir: string
  seed: number
  quick: boolean
  settings?: Partial<ProfilerSettings>
  /** Profiling processes per arm. */
  rounds?: number
  /** Functions per differential view. */
  top?: number
  /** Said first in the record's warnings (e.g. why BASE was not profiled). */
  notices?: readonly string[]
  runArm: ProfileArmRunner
  signal?: AbortSignal
  onRound?: (event: { arm: string; round: number; rounds: number; status: string }) => void
}

export async function profileRefScenario(input: RefScenarioProfileInput): Promise<ResultFile> {
  const { plan, results } = input
  const startedAt = new Date().toISOString()
  const clock = performance.now()
  let record: Awaited<ReturnType<typeof recordCheckoutProfiles>>
  try {
    const session = await profileRefSession({
      seed: input.seed,
      quick: input.quick,
      head: input.head,
      variants: plan.variants,
      runArm: input.runArm,
      ...(input.settings !== undefined ? { settings: input.settings } : {}),
      ...(input.rounds !== undefined ? { rounds: input.rounds } : {}),
      ...(input.signal !== undefined ? { signal: input.signal } : {}),
      ...(input.onRound !== undefined ? { onRound: input.onRound } : {}),
    })
    const metrics = results.head.scenario.metrics
    const primary = metrics.find((m) => m.name === input.head.primaryMetric) ?? metrics[0]
    record = await recordCheckoutProfiles({
      base:
        session.base === null
          ? null
          : { profile: session.base, root: input.roots.base, ...(results.base !== undefined ? { measured: results.base } : {}) },
      head: { profile: session.head, root: input.roots.head, measured: results.head },
      runDir: input.runDir,
      scenarioId: plan.scenarioId,
      primaryMetric: primary ?? { name: input.head.primaryMetric, unit: 'count', better: 'lower' },
      trigger: plan.trigger,
      reason: plan.reason,
      ...(input.top !== undefined ? { top: input.top } : {}),
    })
    // Both sides' rounds were interleaved: the session's length is the wall time of all of them.
    record.durationMs = performance.now() - clock
  } catch (error) {
    record = failedProfileRecord({
      ...plan,
      startedAt,
      policy: input.settings !== undefined ? { settings: input.settings } : {},
      isolation: 'process',
      error,
    })
  }
  record.warnings.unshift(...(input.notices ?? []))
  return { ...results.head, profile: record }
}
