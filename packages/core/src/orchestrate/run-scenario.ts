import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Warning } from '../checks/warning.js'
import { DEFAULT_ALPHA } from '../compare/compare-samples.js'
import { pairedValues } from '../compare/paired-inputs.js'
import { contenderCount } from '../compare/reference-is-informational.js'
import { roundsForSignificance, tooFewRoundsMessage } from '../compare/rounds-for-significance.js'
import { type StoppingInput, stoppingDecision } from '../compare/stopping-rule.js'
import type { Fingerprint } from '../env/fingerprint.js'
import { type ErrorRecord, toErrorRecord } from '../errors/dyno-error.js'
import { measureHarnessFloor, microRoundMs } from '../runners/micro-runner.js'
import type { Isolation } from '../runners/throughput-spec.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { ScenarioContext, VariantContext } from '../scenario/scenario.js'
import type { IsolationUsed, ResultFile, RoundRecord, StopReason, VariantResult } from '../schema/result-file.js'
import { createRandom } from '../stats/prng.js'
import { BackgroundCpuMonitor } from './background-cpu.js'
import { buildResult } from './build-result.js'
import { executeRound, type MicroCalibration, type RoundOutcome } from './execute-round.js'
import type { ProvisionedResources, Provisioner } from './provisioner.js'
import type { Reporter } from './reporter.js'
import { roundOrder } from './round-schedule.js'
import { runRoundInChild } from './run-round-in-child.js'

/**
 * One scenario's session: set up the fixture, warm up, then run measured rounds in which every
 * variant runs once, in a randomised balanced order, until the planned rounds are done or the
 * time budget runs out. A variant that throws or produces wrong output is recorded as
 * `errored` or `invalid` and stops being scheduled; the others go on.
 */
export interface SessionOptions {
  runId: string
  seed: number
  quick: boolean
  /** A fixed number of measured rounds: turns adaptive sampling off. */
  rounds?: number
  /** Adaptive sampling bounds; defaults depend on the runner (see defaultRounds). */
  minRounds?: number
  maxRounds?: number
  /**
   * How many gated comparisons the run judges together (Holm across the suite); default this
   * scenario's own. Adaptive sampling never stops before a change could be significant at
   * that family size (see compare/rounds-for-significance.ts).
   */
  familySize?: number
  warmupRounds?: number
  /** Wall-clock budget for this scenario; no new round starts after it is spent. */
  timeBudgetMs?: number
  /** Node flags for isolated rounds' child processes (e.g. a TypeScript loader). */
  childExecArgv?: string[]
  environment: Fingerprint
  /** Supplies the servers a scenario requires; without one, database requirements stay unmet. */
  provisioner?: Provisioner
  /** Recorded variant name → the scenario variant it runs (A/A calibration runs one variant twice). */
  variantAliases?: Record<string, string>
  signal?: AbortSignal
  reporter?: Reporter
  index?: number
  total?: number
}

/** Pairs needed before the signed-rank test can reach p < 0.01 at all (2/2⁸ = 0.0078). */
export const MIN_USEFUL_ROUNDS = 8
/** Rounds longer than this get their own child process under isolation 'auto'. */
const AUTO_ISOLATION_THRESHOLD_MS = 500
const DEFAULT_ROUND_TIMEOUT_MS = 600_000

export interface RoundPlan {
  minRounds: number
  maxRounds: number
  warmup: number
  budgetMs: number
}

/**
 * Sampling bounds per runner. Micro rounds are cheap, so the cap is high and the budget
 * decides; throughput rounds are whole jobs, so the cap is lower and the budget generous.
 */
export function defaultRounds(runnerKind: string, quick: boolean): RoundPlan {
  if (runnerKind === 'micro') {
    return quick
      ? { minRounds: 8, maxRounds: 16, warmup: 1, budgetMs: 15_000 }
      : { minRounds: 10, maxRounds: 60, warmup: 1, budgetMs: 60_000 }
  }
  return quick
    ? { minRounds: 8, maxRounds: 10, warmup: 1, budgetMs: 120_000 }
    : { minRounds: 8, maxRounds: 30, warmup: 1, budgetMs: 600_000 }
}

interface VariantState {
  name: string
  status: VariantResult['status']
  statusReason: string | null
  rounds: RoundRecord[]
  calibration: MicroCalibration | null
}

function describe(error: ErrorRecord): string {
  return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
}

export async function runScenario(resolved: ResolvedScenario, options: SessionOptions): Promise<ResultFile> {
  const spec = resolved.spec
  const defaults = defaultRounds(spec.runner.kind, options.quick)
  const adaptive = options.rounds === undefined
  const plannedRounds = options.rounds ?? Math.max(options.maxRounds ?? defaults.maxRounds, options.minRounds ?? 0)
  const ownFamily = Math.max(1, contenderCount(resolved.variantNames, resolved.reference) * resolved.metrics.filter((m) => m.gated).length)
  const significantFrom = roundsForSignificance(options.familySize ?? ownFamily, DEFAULT_ALPHA)
  const minRounds = options.rounds ?? Math.min(Math.max(options.minRounds ?? defaults.minRounds, significantFrom), plannedRounds)
  const warmupRounds = options.warmupRounds ?? defaults.warmup
  const timeBudgetMs = options.timeBudgetMs ?? defaults.budgetMs
  const random = createRandom(options.seed)
  const warnings: Warning[] = []
  const startedAt = new Date()
  const clockStart = performance.now()
  const background = new BackgroundCpuMonitor()
  const schedule: string[][] = []
  const states = new Map<string, VariantState>(
    resolved.variantNames.map((name) => [name, { name, status: 'completed', statusReason: null, rounds: [], calibration: null }]),
  )
  const tempDir = await mkdtemp(path.join(os.tmpdir(), `dyno-${spec.id.replace('/', '-')}-`))
  const context: ScenarioContext = { quick: options.quick, tempDir, seed: options.seed, databases: {} }
  let environment = options.environment
  let resources: ProvisionedResources | null = null

  let isolation: IsolationUsed = 'in-process'
  const requested: Isolation = spec.runner.kind === 'throughput' ? (spec.runner.isolation ?? 'auto') : 'in-process'
  if (requested !== 'in-process') {
    if (resolved.sourceFile === null) {
      warnings.push({
        code: 'isolation-unavailable',
        severity: requested === 'process' ? 'error' : 'info',
        message:
          'rounds ran in the orchestrating process because the scenario was not loaded from a file; peak RSS and GC figures include the harness',
      })
    } else {
      isolation = 'process'
    }
  }
  const roundTimeoutMs =
    spec.runner.kind === 'throughput' ? (spec.runner.roundTimeoutMs ?? DEFAULT_ROUND_TIMEOUT_MS) : DEFAULT_ROUND_TIMEOUT_MS

  let fixture: unknown
  let setupError: ErrorRecord | null = null
  /** Set when the provisioned servers became unusable mid-session; the session stops there. */
  let serverFailure: ErrorRecord | null = null
  let stopReason: StopReason = 'rounds-complete'
  let measuredRounds = 0
  let harnessFloorNsPerOp: number | null = null

  const runnable = () => [...states.values()].filter((s) => s.status === 'completed').map((s) => s.name)
  const baselineRunnable = () => states.get(resolved.baseline)?.status === 'completed'

  /** False (and the session marked as failed by its servers) when a provisioned server is gone. */
  const serversHealthy = async (): Promise<boolean> => {
    if (resources?.health === undefined) return true
    try {
      await resources.health()
      return true
    } catch (error) {
      serverFailure ??= toErrorRecord(error)
      stopReason = 'provisioning-failed'
      return false
    }
  }

  const runOne = async (variant: string, where: IsolationUsed): Promise<RoundOutcome> => {
    const state = states.get(variant) as VariantState
    const variantContext: VariantContext = { ...context, variant }
    if (resources?.reset !== undefined) {
      try {
        await resources.reset()
      } catch (error) {
        serverFailure ??= toErrorRecord(error)
        stopReason = 'provisioning-failed'
        return {
          status: 'errored',
          error: { ...toErrorRecord(error), message: `resetting the databases failed: ${toErrorRecord(error).message}` },
        }
      }
    }
    try {
      await spec.beforeRound?.(fixture, variantContext)
    } catch (error) {
      return { status: 'errored', error: { ...toErrorRecord(error), message: `beforeRound() failed: ${toErrorRecord(error).message}` } }
    }
    const sourceVariant = options.variantAliases?.[variant]
    const alias = sourceVariant !== undefined ? { sourceVariant } : {}
    if (where === 'process') {
      return runRoundInChild({
        scenarioFile: resolved.sourceFile as string,
        scenarioId: spec.id,
        fixture,
        context: variantContext,
        ...alias,
        execArgv: options.childExecArgv ?? [],
        timeoutMs: roundTimeoutMs,
      })
    }
    return executeRound({
      scenario: spec,
      fixture,
      context: variantContext,
      ...alias,
      isolatedProcess: false,
      childExecArgv: options.childExecArgv ?? [],
      calibration: state.calibration,
      onCalibrated: (calibration) => {
        state.calibration = calibration
      },
    })
  }

  /** Baseline vs every running contender (not the reference) on every gated metric, paired by round so far. */
  const gatedPairs = (): StoppingInput[] => {
    const baseline = states.get(resolved.baseline) as VariantState
    const reference = resolved.reference === undefined ? undefined : states.get(resolved.reference)
    const inputs: StoppingInput[] = []
    for (const state of states.values()) {
      if (state === baseline || state === reference || state.status !== 'completed') continue
      for (const metric of resolved.metrics.filter((m) => m.gated)) {
        const pairs = pairedValues(baseline as unknown as VariantResult, state as unknown as VariantResult, metric.name)
        inputs.push({ base: pairs.base, head: pairs.head, metric })
      }
    }
    return inputs
  }

  const retire = (state: VariantState, outcome: RoundOutcome) => {
    if (outcome.status === 'errored') {
      state.status = 'errored'
      state.statusReason = describe(outcome.error)
    } else if (outcome.status === 'invalid') {
      state.status = 'invalid'
      state.statusReason = outcome.reason
    }
  }

  try {
    options.reporter?.onScenarioStart?.({
      scenarioId: spec.id,
      variants: resolved.variantNames,
      primaryMetric: resolved.metrics.find((m) => m.name === resolved.primaryMetric) ?? {
        name: resolved.primaryMetric,
        unit: 'count',
        better: 'lower',
      },
      plannedRounds,
      warmupRounds,
      index: options.index ?? 0,
      total: options.total ?? 1,
    })
    const needsServers = (spec.requires ?? []).some((r) => r.kind === 'database')
    if (needsServers && options.provisioner !== undefined) {
      try {
        resources = await options.provisioner.provision(resolved, {
          quick: options.quick,
          tempDir,
          ...(options.signal ? { signal: options.signal } : {}),
        })
        context.databases = resources.databases
        environment = { ...environment, databases: resources.fingerprints, dataset: resources.dataset }
        warnings.push(...resources.warnings)
      } catch (error) {
        setupError = toErrorRecord(error)
        stopReason = 'provisioning-failed'
      }
    }
    if (setupError === null) {
      try {
        fixture = await spec.setup?.(context)
      } catch (error) {
        setupError = toErrorRecord(error)
        stopReason = 'setup-failed'
        // A setup that failed because its server died is the environment's failure, not the scenario's.
        if (!(await serversHealthy())) setupError = serverFailure
      }
    }

    if (setupError === null && spec.runner.kind === 'micro') {
      harnessFloorNsPerOp = await measureHarnessFloor(Math.min(50, microRoundMs(spec.runner, options.quick)), spec.runner)
    }

    // Warm-up: JIT, caches and connection pools settle; the micro runner verifies each
    // variant's output and picks its batch size. Nothing here becomes a sample.
    let previous: string[] | null = null
    for (let w = 0; setupError === null && serverFailure === null && w < warmupRounds; w++) {
      const order = roundOrder(runnable(), w, previous, random)
      previous = order
      let slowestMs = 0
      for (const variant of order) {
        const started = performance.now()
        const where: IsolationUsed = isolation === 'process' && (requested === 'process' || w === 0) ? 'process' : 'in-process'
        const outcome = await runOne(variant, where)
        if (serverFailure !== null) break
        slowestMs = Math.max(slowestMs, performance.now() - started)
        if (outcome.status === 'errored' && !(await serversHealthy())) break
        retire(states.get(variant) as VariantState, outcome)
        options.reporter?.onRound?.({
          scenarioId: spec.id,
          phase: 'warmup',
          round: w,
          plannedRounds: warmupRounds,
          variant,
          status: outcome.status,
          primaryValue: outcome.status === 'ok' ? (outcome.values[resolved.primaryMetric] ?? null) : null,
          message: outcome.status === 'errored' ? describe(outcome.error) : outcome.status === 'invalid' ? outcome.reason : null,
        })
      }
      // Under 'auto', short jobs are not worth a process each: the process start would
      // dominate and the in-process figures are good enough. Decided once, for all variants.
      if (w === 0 && requested === 'auto' && isolation === 'process' && slowestMs < AUTO_ISOLATION_THRESHOLD_MS) isolation = 'in-process'
    }

    previous = null
    const measuringStartedAt = performance.now() - clockStart
    for (let r = 0; setupError === null && serverFailure === null && r < plannedRounds; r++) {
      if (options.signal?.aborted) {
        stopReason = 'interrupted'
        break
      }
      if (!baselineRunnable() || runnable().length < 2) {
        stopReason = 'no-runnable-variant'
        break
      }
      // Do not start a round that would likely overrun the budget: rounds so far tell how long one takes.
      const elapsed = performance.now() - clockStart
      const perRound = measuredRounds > 0 ? (elapsed - measuringStartedAt) / measuredRounds : 0
      if (elapsed + perRound > timeBudgetMs) {
        stopReason = 'time-budget'
        break
      }
      const order = roundOrder(runnable(), r, previous, random)
      previous = order
      schedule.push(order)
      for (const [position, variant] of order.entries()) {
        const state = states.get(variant) as VariantState
        const startedAtRound = new Date().toISOString()
        const outcome = await runOne(variant, isolation)
        // A reset that failed is no round of this variant: nothing of it ran.
        if (serverFailure !== null) break
        const record: RoundRecord = {
          round: r,
          position,
          startedAt: startedAtRound,
          isolation,
          status: outcome.status,
          values: outcome.status === 'errored' ? {} : outcome.values,
          detail: outcome.status === 'errored' ? {} : outcome.detail,
        }
        if (outcome.status === 'errored') record.error = outcome.error
        if (outcome.status === 'invalid') record.invalidReason = outcome.reason
        if (outcome.status !== 'errored' && outcome.load !== undefined) record.load = outcome.load
        state.rounds.push(record)
        retire(state, outcome)
        // The round is kept as it happened; the session stops if its server is gone.
        if (outcome.status === 'errored' && !(await serversHealthy())) break
        options.reporter?.onRound?.({
          scenarioId: spec.id,
          phase: 'measure',
          round: r,
          plannedRounds,
          variant,
          status: outcome.status,
          primaryValue: outcome.status === 'ok' ? (outcome.values[resolved.primaryMetric] ?? null) : null,
          message: outcome.status === 'errored' ? describe(outcome.error) : outcome.status === 'invalid' ? outcome.reason : null,
        })
      }
      if (serverFailure !== null) break
      measuredRounds = r + 1
      if (adaptive && measuredRounds >= minRounds) {
        const decision = stoppingDecision(gatedPairs(), { alpha: DEFAULT_ALPHA, minRounds })
        if (decision.stop && decision.reason !== null) {
          stopReason = decision.reason
          break
        }
      }
    }
  } finally {
    try {
      if (setupError === null) await spec.teardown?.(fixture, context)
    } catch (error) {
      warnings.push({ code: 'teardown-failed', severity: 'warning', message: `teardown() failed: ${toErrorRecord(error).message}` })
    }
    try {
      await resources?.[Symbol.asyncDispose]()
    } catch (error) {
      warnings.push({
        code: 'dispose-failed',
        severity: 'warning',
        message: `releasing the scenario's servers failed: ${toErrorRecord(error).message}`,
      })
    }
    await rm(tempDir, { recursive: true, force: true })
  }

  if (setupError === null && measuredRounds < significantFrom && stopReason !== 'no-runnable-variant') {
    warnings.push({
      code: 'too-few-rounds',
      severity: 'warning',
      message: tooFewRoundsMessage(measuredRounds, options.familySize ?? ownFamily, DEFAULT_ALPHA, stopReason),
    })
  }
  const backgroundCpuCores = background.read()
  if (backgroundCpuCores !== null && backgroundCpuCores > 0.5) {
    warnings.push({
      code: 'busy-machine',
      severity: 'warning',
      message: `other processes used ${backgroundCpuCores.toFixed(1)} CPU cores on average during this scenario; figures are noisier than usual`,
    })
  }
  const finishedAt = new Date()
  return buildResult({
    runId: options.runId,
    resolved,
    environment,
    session: {
      seed: options.seed,
      quick: options.quick,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: performance.now() - clockStart,
      warmupRounds,
      plannedRounds,
      minRounds,
      adaptive,
      measuredRounds,
      timeBudgetMs,
      stopReason,
      schedule,
      backgroundCpuCores,
      harnessFloorNsPerOp,
    },
    variants: [...states.values()].map((s) => ({
      name: s.name,
      baseline: s.name === resolved.baseline,
      description: spec.variants[s.name]?.description ?? null,
      status: setupError !== null ? 'skipped' : s.status,
      statusReason:
        setupError !== null
          ? stopReason === 'provisioning-failed'
            ? 'its servers could not be provisioned'
            : 'scenario setup failed'
          : s.statusReason,
      rounds: s.rounds,
    })),
    warnings,
    error: setupError ?? serverFailure,
  })
}
