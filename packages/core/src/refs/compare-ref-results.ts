import type { RunComparison } from '../compare/compare-runs.js'
import { type CompareSamplesInput, compareFamily } from '../compare/compare-samples.js'
import { environmentDifferences } from '../compare/environment-differences.js'
import { pairedValues } from '../compare/paired-inputs.js'
import { comparedMetric } from '../compare/reference-is-informational.js'
import { DynoError } from '../errors/dyno-error.js'
import type { ResultFile } from '../schema/result-file.js'

/**
 * HEAD against BASE, scenario by scenario and variant by variant, from the result files of
 * `dyno compare-refs`. Unlike `dyno compare` (two separate runs: independent samples), both
 * sides ran in the same interleaved rounds, so round N of HEAD's variant is paired with round
 * N of BASE's and the test runs on per-round log-ratios, as within one run. All gated
 * comparisons of the suite form one Holm family: sharded or not, the same verdicts.
 */
export interface RefLabels {
  base: string
  head: string
}

export function refPairedInputs(base: ResultFile, head: ResultFile, labels: RefLabels): CompareSamplesInput[] {
  // Pairs only mean something between rounds that ran side by side.
  if (base.runId !== head.runId || base.refs?.side !== 'base' || head.refs?.side !== 'head') {
    throw new DynoError(
      'refs-not-paired',
      `${head.scenario.id}: the base and head results were not measured in one compare-refs session (runs ${base.runId} and ${head.runId})`,
      { hint: 'compare results of separate runs with `dyno compare`, which treats them as independent samples' },
    )
  }
  const inputs: CompareSamplesInput[] = []
  for (const headVariant of head.variants) {
    const baseVariant = base.variants.find((v) => v.name === headVariant.name)
    if (baseVariant === undefined || baseVariant.status !== 'completed' || headVariant.status !== 'completed') continue
    for (const metric of head.scenario.metrics) {
      if (!base.scenario.metrics.some((m) => m.name === metric.name)) continue
      const values = pairedValues(baseVariant, headVariant, metric.name)
      inputs.push({
        scenarioId: head.scenario.id,
        metric: comparedMetric(metric, headVariant.name, head.scenario.referenceVariant),
        pairing: 'paired-rounds',
        base: { label: labels.base, variant: baseVariant.name, runId: base.runId, values: values.base },
        head: { label: labels.head, variant: headVariant.name, runId: head.runId, values: values.head },
      })
    }
  }
  return inputs
}

export interface RefScenarioSets {
  /** Selected scenarios only HEAD has; defaults to HEAD results without a BASE result. */
  added?: readonly string[]
  /** Selected scenarios only BASE has (never run, so no result file says so). */
  removed?: readonly string[]
}

export function compareRefResults(
  base: readonly ResultFile[],
  head: readonly ResultFile[],
  labels: RefLabels,
  sets: RefScenarioSets = {},
): RunComparison {
  const baseById = new Map(base.map((r) => [r.scenario.id, r]))
  const inputs = head.flatMap((h) => {
    const b = baseById.get(h.scenario.id)
    return b === undefined ? [] : refPairedInputs(b, h, labels)
  })
  const firstBase = base[0]
  const firstHead = head[0]
  return {
    comparisons: compareFamily(inputs),
    added: [...(sets.added ?? head.filter((r) => !baseById.has(r.scenario.id)).map((r) => r.scenario.id))],
    removed: [...(sets.removed ?? [])],
    environment: firstBase && firstHead ? environmentDifferences(firstBase.environment, firstHead.environment) : [],
  }
}
