import path from 'node:path'
import { contenderCount } from '../compare/reference-is-informational.js'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { DynoError } from '../errors/dyno-error.js'
import { type ProfilePolicy, profileAfterSession } from '../profile/profile-after-session.js'
import type { MetricPolicyOverride } from '../scenario/metric.js'
import { type ResolvedScenario, resolveScenario } from '../scenario/resolve-scenario.js'
import type { AnyScenario } from '../scenario/scenario.js'
import type { ResultFile } from '../schema/result-file.js'
import { writeResultFile } from '../schema/result-io.js'
import { seedFromString } from '../stats/prng.js'
import { newRunId } from './run-id.js'
import { runScenario, type SessionOptions } from './run-scenario.js'

/** A scenario and the file it came from (needed to re-load it in isolated child processes). */
export interface LoadedScenario {
  scenario: AnyScenario
  sourceFile: string | null
}

export interface SuiteOptions extends Omit<SessionOptions, 'runId' | 'environment' | 'index' | 'total' | 'seed'> {
  /** Results root; this run writes to <resultsDir>/<runId>/. */
  resultsDir: string
  /** Directory the run is "about": git state and package versions are read from here. */
  cwd: string
  runId?: string
  seed?: number
  /** Default relative threshold for metrics whose scenario sets none. */
  threshold?: number
  /** Project-wide policy per metric name, for metrics whose scenario sets none (see ResolveOptions). */
  metricDefaults?: Readonly<Record<string, MetricPolicyOverride>>
  /**
   * Profiling after each scenario's measured session: every variant, only on a regressed
   * verdict, or never (the default here; the CLI turns on-regression on). See profile-after-session.ts.
   */
  profile?: ProfilePolicy
}

export interface SuiteRun {
  runId: string
  runDir: string
  seed: number
  results: ResultFile[]
  files: string[]
}

/** Checks every scenario before anything runs and reports all problems at once. */
export function resolveAll(
  scenarios: readonly LoadedScenario[],
  threshold?: number,
  metricDefaults?: Readonly<Record<string, MetricPolicyOverride>>,
): ResolvedScenario[] {
  const problems: string[] = []
  const resolved: ResolvedScenario[] = []
  const seen = new Map<string, string>()
  for (const { scenario, sourceFile } of scenarios) {
    const where = sourceFile ?? '(inline)'
    const earlier = seen.get(scenario.id)
    if (earlier !== undefined) problems.push(`scenario id '${scenario.id}' is defined twice: in ${earlier} and in ${where}`)
    seen.set(scenario.id, where)
    try {
      resolved.push(resolveScenario(scenario, { threshold, sourceFile, ...(metricDefaults !== undefined ? { metricDefaults } : {}) }))
    } catch (error) {
      if (error instanceof DynoError) problems.push(...error.details.map((d) => `${where}: ${d}`))
      else throw error
    }
  }
  if (problems.length > 0) {
    throw new DynoError('scenarios-invalid', `${problems.length} problem${problems.length === 1 ? '' : 's'} in the scenario definitions`, {
      details: problems,
      hint: 'fix the scenario files listed above; nothing was run',
    })
  }
  return resolved
}

export async function runSuite(scenarios: readonly LoadedScenario[], options: SuiteOptions): Promise<SuiteRun> {
  const resolved = resolveAll(scenarios, options.threshold, options.metricDefaults)
  const runId = options.runId ?? newRunId()
  const runDir = path.join(options.resultsDir, runId)
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
  options.reporter?.onRunStart?.({ runId, scenarios: resolved.map((r) => r.spec.id), outDir: runDir })
  const results: ResultFile[] = []
  const files: string[] = []
  // The run's verdicts are judged as one Holm family (compareWithinRun), so every session
  // must run long enough to be significant at the whole family's size.
  const familySize = resolved.reduce(
    (sum, r) => sum + contenderCount(r.variantNames, r.reference) * r.metrics.filter((m) => m.gated).length,
    0,
  )
  for (const [index, scenario] of resolved.entries()) {
    if (options.signal?.aborted) break
    const environment = collectFingerprint({
      cwd: options.cwd,
      packages: scenario.spec.packages ?? [],
      packagesFrom: scenario.sourceFile ? path.dirname(scenario.sourceFile) : options.cwd,
    })
    const measured = await runScenario(scenario, {
      ...options,
      runId,
      // Per-scenario seeds: a scenario's schedule does not depend on which others ran.
      seed: (seed ^ seedFromString(scenario.spec.id)) >>> 0,
      environment,
      index,
      total: resolved.length,
      familySize: Math.max(1, familySize),
    })
    const result = await profileIfAsked(measured, scenario, runDir, options)
    const file = await writeResultFile(runDir, result)
    results.push(result)
    files.push(file)
    options.reporter?.onScenarioEnd?.(result, file)
  }
  options.reporter?.onRunEnd?.({ runId, outDir: runDir, files })
  return { runId, runDir, seed, results, files }
}

/** The finished result, with a `profile` added when the policy calls for one (never changing the rest). */
function profileIfAsked(result: ResultFile, resolved: ResolvedScenario, runDir: string, options: SuiteOptions): Promise<ResultFile> {
  if (options.profile === undefined || options.profile.mode === 'never') return Promise.resolve(result)
  const reporter = options.reporter
  return profileAfterSession({
    result,
    resolved,
    runDir,
    cwd: options.cwd,
    policy: options.profile,
    quick: options.quick,
    ...(options.childExecArgv !== undefined ? { childExecArgv: options.childExecArgv } : {}),
    ...(options.provisioner !== undefined ? { provisioner: options.provisioner } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    onStart: ({ scenarioId, plan }) =>
      reporter?.onProfileStart?.({ scenarioId, trigger: plan.trigger, reason: plan.reason, variants: plan.variants }),
    onRound: (event) => reporter?.onProfileRound?.(event),
    onEnd: (event) => reporter?.onProfileEnd?.(event),
  })
}
