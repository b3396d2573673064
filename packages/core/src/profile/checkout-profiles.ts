import type { MetricSpec } from '../scenario/metric.js'
import type { ProfileRecord, ProfileTrigger } from '../schema/profile-record.js'
import type { ResultFile } from '../schema/result-file.js'
import { buildProfileRecord, type ProfileEntry } from './build-profile-record.js'
import { profileDirectory } from './profile-after-session.js'
import { saveProfileFiles } from './save-profile-files.js'
import type { ScenarioProfile } from './scenario-profile.js'

/**
 * One profile record from two profiling sessions of the same scenario taken in two checkouts
 * of the code — what `dyno compare-refs` needs when a variant regressed between two git refs.
 * Each variant profiled on both sides is labelled `base:<variant>` and `head:<variant>`, its
 * files are saved into the head run's directory, and the differential view compares the two,
 * matching functions whose line moved between the checkouts (each side's file URLs are made
 * relative to its own checkout first, so the same file matches).
 */
export interface CheckoutProfile {
  profile: ScenarioProfile
  /** The checkout (worktree) the session ran in: its file:// URLs are shown relative to it. */
  root: string
  /** The measured result of the same scenario in that checkout, for the profiler-overhead figure. */
  measured?: ResultFile
}

export interface CheckoutProfileInput {
  /** Null when BASE was not profiled (its dyno cannot, or the scenario is new): HEAD's profiles alone, no differential view. */
  base: CheckoutProfile | null
  head: CheckoutProfile
  /** The head run's directory: profiles go to `<runDir>/profiles/<scenario id>/`. */
  runDir: string
  scenarioId: string
  primaryMetric: MetricSpec
  trigger: ProfileTrigger
  /** What regressed (trigger 'regression'), e.g. "after regressed on nsPerOp (+12.0%) from main to HEAD"; see ProfileRecord.reason. */
  reason: string
  top?: number
}

export const BASE_LABEL = 'base'
export const HEAD_LABEL = 'head'

export async function recordCheckoutProfiles(input: CheckoutProfileInput): Promise<ProfileRecord> {
  const sides = [...(input.base === null ? [] : [{ label: BASE_LABEL, side: input.base }]), { label: HEAD_LABEL, side: input.head }]
  const entries = sides.flatMap(({ label, side }) =>
    side.profile.variants.map((profile) => ({ label: `${label}:${profile.variant}`, profile, side })),
  )
  const files = await saveProfileFiles(entries, profileDirectory(input.runDir, input.scenarioId), input.runDir)
  const profileEntries: ProfileEntry[] = entries.map((e) => ({
    label: e.label,
    profile: e.profile,
    files: files.get(e.label) ?? { cpuProfile: null, heapProfile: null },
    root: e.side.root,
    measuredMedian:
      e.side.measured?.variants.find((v) => v.name === e.profile.variant)?.summaries[input.primaryMetric.name]?.median ?? null,
  }))
  const base = input.base
  const rootOf = new Map(profileEntries.map((e) => [e.label, e.root]))
  const onBoth = input.head.profile.variants.map((v) => v.variant).filter((v) => base?.profile.variants.some((b) => b.variant === v))
  const record = buildProfileRecord({
    trigger: input.trigger,
    reason: input.reason,
    sessions: [...(base === null ? [] : [base.profile]), input.head.profile],
    primaryMetric: input.primaryMetric,
    entries: profileEntries,
    diffs: onBoth.map((variant) => ({ base: `${BASE_LABEL}:${variant}`, head: `${HEAD_LABEL}:${variant}`, matchMovedLines: true })),
    ...(input.top !== undefined ? { top: input.top } : {}),
  })
  // Each build's checkout: its flame graphs name files relative to it, as the differential view does.
  for (const v of record.variants) {
    const root = rootOf.get(v.label)
    if (root !== undefined) v.root = root
  }
  return record
}
