import { scenarioRecord } from '../orchestrate/build-result.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { DescribedScenario } from './round-protocol.js'

/**
 * A resolved scenario as a build describes it to the orchestrator: plain data only (the
 * orchestrator never loads another build's scenario code). `relativeSource` is the scenario
 * file relative to the build's working directory, so both builds name it the same way.
 */
export function describeScenario(resolved: ResolvedScenario, relativeSource: string): DescribedScenario {
  return {
    record: { ...scenarioRecord(resolved), sourceFile: relativeSource },
    variants: resolved.variantNames.map((name) => ({ name, description: resolved.spec.variants[name]?.description ?? null })),
    primaryMetric: resolved.primaryMetric,
  }
}
