import { DynoError } from '../errors/dyno-error.js'
import type { RunnerSpec } from '../runners/runner-spec.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { AnyScenario, VariantSpec } from '../scenario/scenario.js'
import type { DescribedScenario } from './round-protocol.js'

/**
 * A build's description of a scenario turned back into a ResolvedScenario, so the
 * orchestrator can build result files, summaries, claim and budget checks with the same code
 * as `dyno run`. It holds data only: the metrics and their gate policy exactly as the build
 * resolved them, and runner options as recorded. Its variants cannot run here — the code
 * under test lives in the build — and say so if anything tries.
 */
export function resolvedFromDescription(described: DescribedScenario): ResolvedScenario {
  const { record } = described
  const elsewhere = (): never => {
    throw new DynoError('scenario-runs-in-its-build', `scenario '${record.id}' runs only inside its own build (dyno __round)`, {
      exitKind: 'environment',
    })
  }
  const variants: Record<string, VariantSpec<unknown, unknown>> = {}
  for (const variant of described.variants) {
    variants[variant.name] = {
      baseline: variant.name === record.baselineVariant,
      ...(variant.name === record.referenceVariant ? { reference: true } : {}),
      ...(variant.description !== null ? { description: variant.description } : {}),
      prepare: elsewhere,
    }
  }
  // The recorded options are the runner's own fields (a units function is described in
  // words), which is what the plausibility checks and the result's runner record read.
  const runner = { kind: record.runner.kind, ...record.runner.options } as unknown as RunnerSpec<unknown>
  const spec: AnyScenario = {
    id: record.id,
    description: record.description,
    runner,
    variants,
    claims: record.claims,
    budgets: record.budgets,
    requires: record.requires,
    tags: record.tags,
  }
  return {
    spec,
    baseline: record.baselineVariant,
    // A build older than reference variants records none, and its results carry no fractions.
    ...(record.referenceVariant !== undefined ? { reference: record.referenceVariant } : {}),
    variantNames: described.variants.map((v) => v.name),
    metrics: record.metrics,
    primaryMetric: described.primaryMetric,
    sourceFile: record.sourceFile,
    runnerRecord: record.runner,
  }
}
