import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Warning } from '../checks/warning.js'
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
  /** Measured rounds; defaults depend on the runner (micro 20, throughput 10; quick 8 and 6). */
  rounds?: number
  warmupRounds?: number
  /** Wall-clock budget for this scenario; no new round starts after it is spent. */
  timeBudgetMs?: number
  /** Node flags for isolated rounds' child processes (e.g. a TypeScript loader). */
  childExecArgv?: string[]
  environment: Fingerprint
  /** Supplies the servers a scenario requires; without one, database requirements stay unmet. */
  provisioner?: Provisioner
  signal?: AbortSignal
  reporter?: Reporter
  index?: number
  total?: number
}

/** Rounds needed before the signed-rank test can reach p < 0.05 at all (2/2⁶ = 0.031). */
export const MIN_USEFUL_ROUNDS = 6
/** Rounds longer than this get their own child process under isolation 'auto'. */
const AUTO_ISOLATION_THRESHOLD_MS = 500
const DEFAULT_ROUND_TIMEOUT_MS = 600_000

export function defaultRounds(runnerKind: string, quick: boolean): { rounds: number; warmup: number; budgetMs: number } {
  if (runnerKind === 'micro') return quick ? { rounds: 8, warmup: 1, budgetMs: 30_000 } : { rounds: 20, warmup: 1, budgetMs: 120_000 }
  return quick ? { rounds: 6, warmup: 1, budgetMs: 60_000 } : { rounds: 10, warmup: 1, budgetMs: 600_000 }
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
  const plannedRounds = options.rounds ?? defaults.rounds
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
  let stopReason: StopReason = 'rounds-complete'
  let measuredRounds = 0
  let harnessFloorNsPerOp: number | null = null

  const runnable = () => [...states.values()].filter((s) => s.status === 'completed').map((s) => s.name)
  const baselineRunnable = () => states.get(resolved.baseline)?.status === 'completed'

  const runOne = async (variant: string, where: IsolationUsed): Promise<RoundOutcome> => {
    const state = states.get(variant) as VariantState
    const variantContext: VariantContext = { ...context, variant }
    try {
      await spec.beforeRound?.(fixture, variantContext)
    } catch (error) {
      return { status: 'errored', error: { ...toErrorRecord(error), message: `beforeRound() failed: ${toErrorRecord(error).message}` } }
    }
    if (where === 'process') {
      return runRoundInChild({
        scenarioFile: resolved.sourceFile as string,
        scenarioId: spec.id,
        fixture,
        context: variantContext,
        execArgv: options.childExecArgv ?? [],
        timeoutMs: roundTimeoutMs,
      })
    }
    return executeRound({
      scenario: spec,
      fixture,
      context: variantContext,
      isolatedProcess: false,
      childExecArgv: options.childExecArgv ?? [],
      calibration: state.calibration,
      onCalibrated: (calibration) => {
        state.calibration = calibration
      },
    })
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
      }
    }

    if (setupError === null && spec.runner.kind === 'micro') {
      harnessFloorNsPerOp = await measureHarnessFloor(Math.min(50, microRoundMs(spec.runner, options.quick)), spec.runner)
    }

    // Warm-up: JIT, caches and connection pools settle; the micro runner verifies each
    // variant's output and picks its batch size. Nothing here becomes a sample.
    let previous: string[] | null = null
    for (let w = 0; setupError === null && w < warmupRounds; w++) {
      const order = roundOrder(runnable(), w, previous, random)
      previous = order
      let slowestMs = 0
      for (const variant of order) {
        const started = performance.now()
        const where: IsolationUsed = isolation === 'process' && (requested === 'process' || w === 0) ? 'process' : 'in-process'
        const outcome = await runOne(variant, where)
        slowestMs = Math.max(slowestMs, performance.now() - started)
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
    for (let r = 0; setupError === null && r < plannedRounds; r++) {
      if (options.signal?.aborted) {
        stopReason = 'interrupted'
        break
      }
      if (!baselineRunnable() || runnable().length < 2) {
        stopReason = 'no-runnable-variant'
        break
      }
      if (performance.now() - clockStart > timeBudgetMs) {
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
      measuredRounds = r + 1
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

  if (setupError === null && measuredRounds < MIN_USEFUL_ROUNDS && stopReason !== 'no-runnable-variant') {
    warnings.push({
      code: 'too-few-rounds',
      severity: 'warning',
      message: `only ${measuredRounds} rounds were measured (${stopReason}); at least ${MIN_USEFUL_ROUNDS} are needed before any change can be called significant`,
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
    error: setupError,
  })
}
