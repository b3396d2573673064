import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import type { VariantResult } from '../schema/result-file.js'
import type { CompareSamplesInput } from './compare-samples.js'
import { comparedMetric } from './reference-is-informational.js'

/**
 * Inputs for comparing every variant of one run against its baseline, paired by round: only
 * rounds where both variants completed count, so each pair shared the machine's state.
 */
export interface RunVariants {
  scenarioId: string
  runId: string
  baselineVariant: string
  /** The scenario's yardstick, whose comparisons are informational. */
  referenceVariant?: string
  metrics: readonly (MetricSpec & MetricPolicy)[]
  variants: readonly VariantResult[]
}

/** Only the rounds are read, so sessions still in progress can pass their rounds so far. */
export function pairedValues(
  base: Pick<VariantResult, 'rounds'>,
  head: Pick<VariantResult, 'rounds'>,
  metric: string,
): { base: number[]; head: number[] } {
  const headByRound = new Map(head.rounds.filter((r) => r.status === 'ok').map((r) => [r.round, r]))
  const out = { base: [] as number[], head: [] as number[] }
  for (const round of base.rounds) {
    const other = headByRound.get(round.round)
    const b = round.values[metric]
    const h = other?.values[metric]
    if (round.status !== 'ok' || b === undefined || h === undefined || !Number.isFinite(b) || !Number.isFinite(h)) continue
    out.base.push(b)
    out.head.push(h)
  }
  return out
}

export function pairedInputs(run: RunVariants): CompareSamplesInput[] {
  const baseline = run.variants.find((v) => v.name === run.baselineVariant)
  if (baseline === undefined || baseline.status !== 'completed') return []
  const inputs: CompareSamplesInput[] = []
  for (const head of run.variants) {
    if (head === baseline || head.status !== 'completed') continue
    for (const metric of run.metrics) {
      const values = pairedValues(baseline, head, metric.name)
      inputs.push({
        scenarioId: run.scenarioId,
        metric: comparedMetric(metric, head.name, run.referenceVariant),
        pairing: 'paired-rounds',
        base: { label: baseline.name, variant: baseline.name, runId: run.runId, values: values.base },
        head: { label: head.name, variant: head.name, runId: run.runId, values: values.head },
      })
    }
  }
  return inputs
}
