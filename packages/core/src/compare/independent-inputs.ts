import type { ResultFile, VariantResult } from '../schema/result-file.js'
import type { CompareSamplesInput } from './compare-samples.js'
import { comparedMetric } from './reference-is-informational.js'

/**
 * Inputs for comparing the same scenario across two runs (BASE and HEAD), variant by variant:
 * "did HEAD make the `after` variant slower than it was in BASE?". Rounds of different runs
 * share no machine state, so they are independent samples, not pairs.
 */
function okValues(variant: VariantResult, metric: string): number[] {
  return variant.rounds.flatMap((r) => {
    const v = r.values[metric]
    return r.status === 'ok' && v !== undefined && Number.isFinite(v) ? [v] : []
  })
}

export function independentInputs(base: ResultFile, head: ResultFile, labels: { base: string; head: string }): CompareSamplesInput[] {
  const inputs: CompareSamplesInput[] = []
  for (const headVariant of head.variants) {
    const baseVariant = base.variants.find((v) => v.name === headVariant.name)
    if (baseVariant === undefined || baseVariant.status !== 'completed' || headVariant.status !== 'completed') continue
    for (const metric of head.scenario.metrics) {
      if (!base.scenario.metrics.some((m) => m.name === metric.name)) continue
      inputs.push({
        scenarioId: head.scenario.id,
        metric: comparedMetric(metric, headVariant.name, head.scenario.referenceVariant),
        pairing: 'independent',
        base: { label: labels.base, variant: baseVariant.name, runId: base.runId, values: okValues(baseVariant, metric.name) },
        head: { label: labels.head, variant: headVariant.name, runId: head.runId, values: okValues(headVariant, metric.name) },
      })
    }
  }
  return inputs
}
