import type { Comparison } from '../compare/comparison.js'
import type { ProfileMode } from '../profile/profile-after-session.js'
import type { ProfileTrigger } from '../schema/profile-record.js'
import type { ResultFile } from '../schema/result-file.js'

/**
 * Which scenarios of a compare-refs run to profile, and which variants on each side: with
 * --profile, every variant that completed (BASE's where HEAD has them too, for the differential
 * view BASE→HEAD); by default, each variant whose gated HEAD-against-BASE verdict came out
 * `regressed`, on both builds, so the regression arrives with the functions that explain it.
 * Decided from the verdicts of the whole suite (Holm across every scenario), so only once all
 * scenarios have been measured.
 */
export interface RefProfilePlan {
  scenarioId: string
  trigger: ProfileTrigger
  /** See ProfileRecord.reason. */
  reason: string
  variants: { base: string[]; head: string[] }
}

function completed(result: ResultFile | undefined): string[] {
  if (result === undefined || result.error !== null) return []
  return result.variants.filter((v) => v.status === 'completed').map((v) => v.name)
}

function change(c: Comparison): string {
  const estimate = c.ratio.estimate
  return estimate === null ? '' : ` (${estimate >= 1 ? '+' : ''}${((estimate - 1) * 100).toFixed(1)}%)`
}

export function refProfilePlans(input: {
  base: readonly ResultFile[]
  head: readonly ResultFile[]
  comparisons: readonly Comparison[]
  mode: ProfileMode
}): RefProfilePlan[] {
  if (input.mode === 'never') return []
  const plans: RefProfilePlan[] = []
  for (const head of input.head) {
    const id = head.scenario.id
    const headVariants = completed(head)
    const baseVariants = completed(input.base.find((b) => b.scenario.id === id)).filter((v) => headVariants.includes(v))
    if (input.mode === 'always') {
      if (headVariants.length > 0) {
        plans.push({
          scenarioId: id,
          trigger: 'requested',
          reason: 'as asked with --profile',
          variants: { base: baseVariants, head: headVariants },
        })
      }
      continue
    }
    const regressed = input.comparisons.filter(
      (c) => c.scenarioId === id && c.verdict === 'regressed' && c.metric.gated && baseVariants.includes(c.head.variant),
    )
    if (regressed.length === 0) continue
    const variants = headVariants.filter((v) => regressed.some((c) => c.head.variant === v))
    const what = regressed.map((c) => `${c.head.variant} regressed on ${c.metric.name}${change(c)}`)
    const first = regressed[0] as Comparison
    plans.push({
      scenarioId: id,
      trigger: 'regression',
      reason: `${what.join('; ')} from ${first.base.label} to ${first.head.label}`,
      variants: { base: variants, head: variants },
    })
  }
  return plans
}
