import { type DescribedScenario, type DescribeReply, inShard, type Shard, type SkippedScenario } from '@dyno/core'
import { checkMachineRequirement, describeRequirement } from '../load/check-requirements.js'
import { selectIds } from '../load/select-scenarios.js'

/**
 * Which scenarios a compare-refs run measures, from what each build described: the ids the
 * user selected among both sides' scenarios, this shard's share of them, which exist on one
 * side only (added: run on HEAD alone; removed: reported, not run), which this machine cannot
 * run, and how large the suite's Holm family is.
 */
export interface PlannedScenario {
  head: DescribedScenario
  /** null for a scenario only HEAD has. */
  base: DescribedScenario | null
}

export interface RefPlan {
  /** Every selected id on either side, before sharding (what run.meta.json records). */
  selected: string[]
  /** This shard's share of `selected`. */
  mine: string[]
  added: string[]
  removed: string[]
  skipped: SkippedScenario[]
  toRun: PlannedScenario[]
  /**
   * Gated HEAD-vs-BASE comparisons across every selected scenario (all shards): the Holm
   * family the final verdicts are adjusted in, so each session samples long enough for a
   * verdict among all of them to be reachable.
   */
  familySize: number
}

export function planRefScenarios(
  described: { base: DescribeReply; head: DescribeReply },
  selectors: readonly string[],
  shard: Shard | undefined,
  env: NodeJS.ProcessEnv,
): RefPlan {
  const byId = (reply: DescribeReply) => new Map(reply.scenarios.map((s) => [s.record.id, s]))
  const baseById = byId(described.base)
  const headById = byId(described.head)
  const allIds = [...headById.keys(), ...[...baseById.keys()].filter((id) => !headById.has(id))]
  const selected = selectIds(allIds, selectors)
  const mine = selected.filter((id) => inShard(id, shard))
  const skipped: SkippedScenario[] = []
  const toRun: PlannedScenario[] = []
  for (const id of mine) {
    const head = headById.get(id)
    if (head === undefined) continue
    // compare-refs does not provision database servers across two builds yet: such a
    // scenario is skipped with that reason, as `dyno run` skips what it cannot serve.
    const unmet = (head.record.requires ?? [])
      .map((r) =>
        r.kind === 'database'
          ? {
              requirement: r,
              met: false,
              detail: 'compare-refs cannot provision database servers yet; compare with `dyno run` per ref and `dyno compare`',
            }
          : checkMachineRequirement(r, env),
      )
      .filter((status) => !status.met && status.requirement.optional !== true)
    if (unmet.length > 0) {
      skipped.push({
        scenarioId: id,
        reason: `needs ${unmet.map((u) => `${describeRequirement(u.requirement)} (${u.detail})`).join(', ')}`,
      })
    } else {
      toRun.push({ head, base: baseById.get(id) ?? null })
    }
  }
  const familySize = selected.reduce((sum, id) => {
    const head = headById.get(id)
    const base = baseById.get(id)
    if (head === undefined || base === undefined) return sum
    // Only contenders count: the reference variant's comparisons are informational.
    const common = head.variants.filter(
      (v) => v.name !== head.record.referenceVariant && base.variants.some((b) => b.name === v.name),
    ).length
    return sum + common * head.record.metrics.filter((m) => m.gated).length
  }, 0)
  return {
    selected,
    mine,
    added: mine.filter((id) => !baseById.has(id)),
    removed: mine.filter((id) => !headById.has(id)),
    skipped,
    toRun,
    familySize,
  }
}
