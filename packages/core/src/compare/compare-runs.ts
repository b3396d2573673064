import type { ResultFile } from '../schema/result-file.js'
import { compareFamily } from './compare-samples.js'
import type { Comparison } from './comparison.js'
import { type EnvironmentDifference, environmentDifferences } from './environment-differences.js'
import { independentInputs } from './independent-inputs.js'
import { pairedInputs } from './paired-inputs.js'

/**
 * Every variant against its baseline, across all scenarios of one run, as one Holm family:
 * what `dyno run` prints and gates on. (Each result file also stores its own scenario's
 * comparisons, adjusted within that scenario only.)
 */
export function compareWithinRun(results: readonly ResultFile[]): Comparison[] {
  return compareFamily(
    results.flatMap((result) =>
      pairedInputs({
        scenarioId: result.scenario.id,
        runId: result.runId,
        baselineVariant: result.scenario.baselineVariant,
        ...(result.scenario.referenceVariant !== undefined ? { referenceVariant: result.scenario.referenceVariant } : {}),
        metrics: result.scenario.metrics,
        variants: result.variants,
      }),
    ),
  )
}

export interface RunComparison {
  comparisons: Comparison[]
  /** Scenarios only in HEAD / only in BASE: reported, never an error. */
  added: string[]
  removed: string[]
  environment: EnvironmentDifference[]
}

/** BASE against HEAD, scenario by scenario and variant by variant (independent samples). */
export function compareRuns(
  base: readonly ResultFile[],
  head: readonly ResultFile[],
  labels: { base: string; head: string },
): RunComparison {
  const baseById = new Map(base.map((r) => [r.scenario.id, r]))
  const headIds = new Set(head.map((r) => r.scenario.id))
  const inputs = head.flatMap((h) => {
    const b = baseById.get(h.scenario.id)
    return b === undefined ? [] : independentInputs(b, h, labels)
  })
  const firstBase = base[0]
  const firstHead = head[0]
  return {
    comparisons: compareFamily(inputs),
    added: head.filter((r) => !baseById.has(r.scenario.id)).map((r) => r.scenario.id),
    removed: base.filter((r) => !headIds.has(r.scenario.id)).map((r) => r.scenario.id),
    environment: firstBase && firstHead ? environmentDifferences(firstBase.environment, firstHead.environment) : [],
  }
}
