import { checkClaims } from '../checks/check-claims.js'
import { loadWarnings } from '../checks/load-warnings.js'
import { plausibilityWarnings } from '../checks/plausibility.js'
import type { Warning } from '../checks/warning.js'
import { compareFamily } from '../compare/compare-samples.js'
import { pairedInputs } from '../compare/paired-inputs.js'
import { headlineReferenceFractions } from '../compare/reference-fraction.js'
import { DYNO_VERSION } from '../env/collect-fingerprint.js'
import type { Fingerprint } from '../env/fingerprint.js'
import type { ErrorRecord } from '../errors/dyno-error.js'
import { checkBudgets } from '../gate/check-budgets.js'
import { describeHttpLoad } from '../runners/describe-http-load.js'
import { loadStatistics } from '../runners/load-statistics.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import {
  type Outcome,
  RESULT_SCHEMA_VERSION,
  type ResultFile,
  type RunnerRecord,
  type ScenarioRecord,
  type SessionRecord,
  type VariantResult,
} from '../schema/result-file.js'
import { createRandom, seedFromString } from '../stats/prng.js'
import { type Summary, summarize } from '../stats/summary.js'

/** Runner options as plain data (a units counter function is described, not stored). */
export function runnerRecord(resolved: ResolvedScenario): RunnerRecord {
  if (resolved.runnerRecord !== undefined) return resolved.runnerRecord
  if (resolved.spec.runner.kind === 'http-load') return { kind: 'http-load', options: describeHttpLoad(resolved.spec.runner) }
  const options: RunnerRecord['options'] = {}
  for (const [key, value] of Object.entries(resolved.spec.runner)) {
    if (key === 'kind') continue
    if (typeof value === 'function') options[key] = 'computed from the output'
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') options[key] = value
    else if (value === null) options[key] = null
  }
  return { kind: resolved.spec.runner.kind, options }
}

/** The scenario as plain data: what a result file records, and what a build describes to compare-refs. */
export function scenarioRecord(resolved: ResolvedScenario): ScenarioRecord {
  return {
    id: resolved.spec.id,
    description: resolved.spec.description,
    runner: runnerRecord(resolved),
    baselineVariant: resolved.baseline,
    ...(resolved.reference !== undefined ? { referenceVariant: resolved.reference } : {}),
    metrics: resolved.metrics,
    claims: resolved.spec.claims ?? [],
    budgets: resolved.spec.budgets ?? [],
    requires: resolved.spec.requires ?? [],
    tags: resolved.spec.tags ?? [],
    sourceFile: resolved.sourceFile,
  }
}

/** Per-metric summaries over a variant's completed rounds, with a seed per variant and metric. */
export function summarizeVariant(
  variant: Omit<VariantResult, 'summaries'>,
  metrics: readonly string[],
  seed: number,
): Record<string, Summary> {
  const summaries: Record<string, Summary> = {}
  for (const metric of metrics) {
    const values = variant.rounds.flatMap((r) => {
      const v = r.values[metric]
      return r.status === 'ok' && v !== undefined ? [v] : []
    })
    if (values.length > 0) summaries[metric] = summarize(values, createRandom(seed ^ seedFromString(`${variant.name}/${metric}`)))
  }
  return summaries
}

function outcomeOf(variants: readonly VariantResult[], error: ErrorRecord | null): Outcome {
  if (error !== null) return 'errored'
  const baseline = variants.find((v) => v.baseline)
  if (baseline === undefined || baseline.status !== 'completed') return 'errored'
  return variants.every((v) => v.status === 'completed') ? 'completed' : 'partial'
}

export interface BuildResultInput {
  runId: string
  resolved: ResolvedScenario
  environment: Fingerprint
  session: SessionRecord
  variants: Omit<VariantResult, 'summaries'>[]
  warnings: Warning[]
  error: ErrorRecord | null
}

export function buildResult(input: BuildResultInput): ResultFile {
  const { resolved, session } = input
  const metricNames = resolved.metrics.map((m) => m.name)
  const runner = resolved.spec.runner
  const variants: VariantResult[] = input.variants.map((v) => {
    const variant: VariantResult = { ...v, summaries: summarizeVariant(v, metricNames, session.seed) }
    if (runner.kind !== 'http-load') return variant
    // http-load: within-round intervals over windows, and figures pooled over rounds.
    const { rounds, pooled } = loadStatistics(v, session.seed)
    return pooled === undefined ? { ...variant, rounds } : { ...variant, rounds, pooled }
  })
  const comparisons = compareFamily(
    pairedInputs({
      scenarioId: resolved.spec.id,
      runId: input.runId,
      baselineVariant: resolved.baseline,
      ...(resolved.reference !== undefined ? { referenceVariant: resolved.reference } : {}),
      metrics: resolved.metrics,
      variants,
    }),
  )
  const warnings = [
    ...input.warnings,
    ...plausibilityWarnings(resolved, variants, session.harnessFloorNsPerOp),
    ...(runner.kind === 'http-load' ? loadWarnings(runnerRecord(resolved), variants) : []),
  ]
  for (const variant of variants) {
    if (variant.status === 'errored' || variant.status === 'invalid') {
      warnings.push({
        code: `variant-${variant.status}`,
        severity: 'error',
        variant: variant.name,
        message: `${variant.name} is ${variant.status}: ${variant.statusReason ?? 'no reason recorded'}`,
      })
    }
  }
  const scenario = scenarioRecord(resolved)
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'dyno-result',
    runId: input.runId,
    dynoVersion: DYNO_VERSION,
    scenario,
    environment: input.environment,
    session,
    variants,
    comparisons,
    claims: checkClaims(resolved.spec.claims ?? [], comparisons, resolved.baseline),
    budgets: checkBudgets(resolved.spec.budgets ?? [], variants),
    warnings,
    outcome: outcomeOf(variants, input.error),
    error: input.error,
    // Only scenarios with a reference variant record fractions, so other result files keep their shape.
    ...(scenario.referenceVariant !== undefined ? { references: headlineReferenceFractions({ scenario, variants }) } : {}),
  }
}
