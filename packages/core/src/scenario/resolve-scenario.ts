import { DynoError } from '../errors/dyno-error.js'
import { httpLoadProblems, pooledBudgetProblems } from '../runners/http-load-problems.js'
import { httpLoadMetrics } from '../runners/http-load-runner.js'
import { MICRO_METRICS } from '../runners/micro-runner.js'
import { throughputMetrics } from '../runners/throughput-runner.js'
import type { RunnerRecord } from '../schema/result-file.js'
import { DEFAULT_THRESHOLD, type MetricPolicy, type MetricPolicyOverride, type MetricSpec } from './metric.js'
import type { AnyScenario } from './scenario.js'

/**
 * A scenario checked and completed with defaults: its metrics with their gate policy and its
 * baseline variant. Every problem is collected and reported in one error, so a user fixes a
 * scenario file in one pass.
 */
export interface ResolvedScenario {
  spec: AnyScenario
  baseline: string
  /** The variant with `reference: true`, if any: every other variant's headline metric is read as a fraction of it. */
  reference?: string
  variantNames: string[]
  metrics: (MetricSpec & MetricPolicy)[]
  /** The metric the verdict table leads with (the runner's primary metric). */
  primaryMetric: string
  sourceFile: string | null
  /**
   * Set when the scenario was described by its own build (compare-refs): the runner as that
   * build recorded it. The spec's runner, rebuilt from the record, is incomplete (an http-load
   * runner's load and routes are recorded in words), so records and checks read this instead.
   */
  runnerRecord?: RunnerRecord
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/
const VARIANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
const UNIT_PATTERN = /^[a-z][A-Za-z0-9]*$/

export function runnerMetrics(scenario: AnyScenario): MetricSpec[] {
  const runner = scenario.runner
  switch (runner.kind) {
    case 'micro':
      return MICRO_METRICS
    case 'throughput':
      return throughputMetrics(runner)
    case 'http-load':
      return httpLoadMetrics(runner)
    default:
      return []
  }
}

export function scenarioProblems(scenario: AnyScenario): string[] {
  const problems: string[] = []
  const where = `scenario '${scenario.id}'`
  if (!ID_PATTERN.test(scenario.id)) {
    problems.push(`${where}: id must look like '<sut>/<name>' in lower-case kebab case (e.g. 'import-pipeline/pattern-match')`)
  }
  if (typeof scenario.description !== 'string' || scenario.description.trim() === '') {
    problems.push(`${where}: description is missing`)
  }
  const runnerKind = (scenario.runner as { kind: string }).kind
  if (runnerKind !== 'micro' && runnerKind !== 'throughput' && runnerKind !== 'http-load') {
    problems.push(`${where}: unknown runner kind '${runnerKind}' (expected 'micro', 'throughput' or 'http-load')`)
  }
  if (scenario.runner.kind === 'http-load') {
    problems.push(...httpLoadProblems(scenario.runner, where))
    if (scenario.verify !== undefined) {
      problems.push(
        `${where}: verify() does not apply to http-load scenarios; judge responses with a route's expectStatus or with errorClasses`,
      )
    }
    if (problems.length > 0) return problems
  }
  if (scenario.runner.kind === 'throughput') {
    if (!UNIT_PATTERN.test(scenario.runner.unit))
      problems.push(`${where}: throughput unit '${scenario.runner.unit}' must be a camelCase word such as 'rows'`)
    const units = scenario.runner.units
    if (typeof units === 'number' && !(units >= 0)) problems.push(`${where}: throughput units must be a non-negative number`)
  }
  if (scenario.runner.kind === 'micro') {
    if (scenario.runner.roundMs !== undefined && !(scenario.runner.roundMs > 0)) problems.push(`${where}: micro roundMs must be positive`)
  }
  const names = Object.keys(scenario.variants ?? {})
  if (names.length < 2) problems.push(`${where}: needs at least two variants to compare (has ${names.length})`)
  for (const name of names) {
    if (!VARIANT_PATTERN.test(name)) problems.push(`${where}: variant name '${name}' may use letters, digits, '.', '_' and '-' only`)
    const variant = scenario.variants[name]
    if (runnerKind === 'http-load') {
      const server = variant?.server
      if (typeof server !== 'function' && (typeof server !== 'object' || server === null || typeof server.module !== 'string')) {
        problems.push(
          `${where}: variant '${name}' needs server: { module, export?, options? } (http-load variants name a server, not prepare())`,
        )
      }
    } else if (typeof variant?.prepare !== 'function') {
      problems.push(`${where}: variant '${name}' has no prepare() function`)
    }
  }
  const baselines = names.filter((name) => scenario.variants[name]?.baseline === true)
  if (names.length >= 2 && baselines.length !== 1) {
    problems.push(
      `${where}: exactly one variant must have baseline: true (found ${baselines.length}${baselines.length ? `: ${baselines.join(', ')}` : ''})`,
    )
  }
  const references = names.filter((name) => scenario.variants[name]?.reference === true)
  if (references.length > 1) {
    problems.push(`${where}: at most one variant may have reference: true (found ${references.length}: ${references.join(', ')})`)
  }
  for (const name of references) {
    if (scenario.variants[name]?.baseline === true) {
      problems.push(
        `${where}: variant '${name}' cannot be both the baseline and the reference (the reference is a yardstick the other variants are read against; pick another baseline)`,
      )
    }
  }
  const metricNames = new Set(runnerMetrics(scenario).map((m) => m.name))
  for (const [metric, policy] of Object.entries(scenario.metrics ?? {})) {
    if (!metricNames.has(metric))
      problems.push(`${where}: metrics.${metric} is not measured by the ${runnerKind} runner (it measures ${[...metricNames].join(', ')})`)
    if (policy.threshold !== undefined && !(policy.threshold > 0 && policy.threshold < 1)) {
      problems.push(`${where}: metrics.${metric}.threshold must be a fraction between 0 and 1 (e.g. 0.05 for 5%)`)
    }
  }
  for (const [i, claim] of (scenario.claims ?? []).entries()) {
    if (!metricNames.has(claim.metric)) problems.push(`${where}: claims[${i}] names unknown metric '${claim.metric}'`)
    if (!names.includes(claim.variant)) problems.push(`${where}: claims[${i}] names unknown variant '${claim.variant}'`)
    if (claim.ratio.min === undefined && claim.ratio.max === undefined) problems.push(`${where}: claims[${i}] needs ratio.min or ratio.max`)
  }
  for (const [i, requirement] of (scenario.requires ?? []).entries()) {
    if (requirement.kind !== 'database') continue
    if (!['mysql', 'firebird', 'sqlite'].includes(requirement.engine)) {
      problems.push(`${where}: requires[${i}] names unknown database engine '${requirement.engine}' (expected mysql, firebird or sqlite)`)
    }
    if (requirement.reset !== undefined && requirement.reset !== 'each-round' && requirement.reset !== 'never') {
      problems.push(`${where}: requires[${i}].reset must be 'each-round' or 'never'`)
    }
    const dataset = requirement.dataset
    if (dataset === undefined) continue
    const count = (value: unknown) => Number.isInteger(value) && (value as number) >= 0
    if (typeof dataset.name !== 'string' || dataset.name === '')
      problems.push(`${where}: requires[${i}].dataset needs a name (e.g. 'items')`)
    if (!count(dataset.rows)) problems.push(`${where}: requires[${i}].dataset.rows must be a whole number of rows`)
    if (dataset.quickRows !== undefined && !count(dataset.quickRows))
      problems.push(`${where}: requires[${i}].dataset.quickRows must be a whole number of rows`)
    if (dataset.seed !== undefined && !(count(dataset.seed) && dataset.seed <= 0xffffffff))
      problems.push(`${where}: requires[${i}].dataset.seed must be a whole number from 0 to 4294967295`)
  }
  for (const [i, budget] of (scenario.budgets ?? []).entries()) {
    if (!metricNames.has(budget.metric)) problems.push(`${where}: budgets[${i}] names unknown metric '${budget.metric}'`)
    if (budget.variant !== undefined && !names.includes(budget.variant))
      problems.push(`${where}: budgets[${i}] names unknown variant '${budget.variant}'`)
    if (budget.max === undefined && budget.min === undefined) problems.push(`${where}: budgets[${i}] needs max or min`)
  }
  problems.push(...pooledBudgetProblems(runnerKind === 'http-load' ? (scenario.budgets ?? []) : [], where))
  if (runnerKind !== 'http-load' && (scenario.budgets ?? []).some((b) => b.statistic === 'pooled')) {
    problems.push(`${where}: budgets with statistic 'pooled' need the http-load runner (only its histograms can be pooled)`)
  }
  return problems
}

export interface ResolveOptions {
  /** Default relative threshold for metrics whose scenario does not set one. */
  threshold?: number
  /**
   * Project-wide policy per metric name (a config file's `metrics`), for metrics whose
   * scenario sets none. More specific than `threshold`, so it wins over it; the scenario's own
   * `metrics` win over both. Names a runner does not measure are ignored.
   */
  metricDefaults?: Readonly<Record<string, MetricPolicyOverride>>
  sourceFile?: string | null
}

export function resolveScenario(scenario: AnyScenario, options: ResolveOptions = {}): ResolvedScenario {
  const problems = scenarioProblems(scenario)
  if (problems.length > 0) {
    throw new DynoError('scenario-invalid', `scenario '${scenario.id}' is not valid`, {
      details: problems,
      hint: options.sourceFile ? `fix ${options.sourceFile} and run again` : 'fix the scenario definition and run again',
    })
  }
  const specs = runnerMetrics(scenario)
  const primaryMetric = (specs[0] as MetricSpec).name
  const metrics = specs.map((spec) => {
    const override = scenario.metrics?.[spec.name] ?? {}
    const projectDefault = options.metricDefaults?.[spec.name] ?? {}
    return {
      ...spec,
      gated: override.gated ?? projectDefault.gated ?? spec.name === primaryMetric,
      threshold: override.threshold ?? projectDefault.threshold ?? options.threshold ?? DEFAULT_THRESHOLD,
    }
  })
  const variantNames = Object.keys(scenario.variants)
  const baseline = variantNames.find((name) => scenario.variants[name]?.baseline === true) as string
  const reference = variantNames.find((name) => scenario.variants[name]?.reference === true)
  return {
    spec: scenario,
    baseline,
    ...(reference !== undefined ? { reference } : {}),
    variantNames,
    metrics,
    primaryMetric,
    sourceFile: options.sourceFile ?? null,
  }
}
