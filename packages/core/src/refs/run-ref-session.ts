import { performance } from 'node:perf_hooks'
import type { Warning } from '../checks/warning.js'
import { DEFAULT_ALPHA } from '../compare/compare-samples.js'
import { pairedValues } from '../compare/paired-inputs.js'
import { contenderCount } from '../compare/reference-is-informational.js'
import { roundsForSignificance, tooFewRoundsMessage } from '../compare/rounds-for-significance.js'
import { type StoppingInput, stoppingDecision } from '../compare/stopping-rule.js'
import type { Fingerprint } from '../env/fingerprint.js'
import type { ErrorRecord } from '../errors/dyno-error.js'
import { BackgroundCpuMonitor } from '../orchestrate/background-cpu.js'
import { buildResult } from '../orchestrate/build-result.js'
import type { MicroCalibration, RoundOutcome } from '../orchestrate/execute-round.js'
import type { Reporter } from '../orchestrate/reporter.js'
import { roundOrder } from '../orchestrate/round-schedule.js'
import { defaultRounds, type RoundPlan } from '../orchestrate/run-scenario.js'
import { measureHarnessFloor, microRoundMs } from '../runners/micro-runner.js'
import type { MicroRunnerSpec } from '../runners/micro-spec.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { RefRecord, ResultFile, RoundRecord, StopReason, VariantResult } from '../schema/result-file.js'
import { createRandom } from '../stats/prng.js'

/**
 * One scenario of `dyno compare-refs`: the scenario's variants on both sides become "arms"
 * (`base:after`, `head:after`, …), and every measured round runs every arm once, in a random
 * order that the next round reverses (A B C D | D C B A), exactly like `dyno run` interleaves
 * variants. So round N of `head:after` and round N of `base:after` shared the machine's state,
 * and HEAD is compared with BASE per variant as pairs — the design that lets a paired test
 * see a consistent 8% change through 30% drift (docs/verdicts.md), applied across two builds.
 *
 * Where an arm runs is not this module's business: `runArm` runs one round of one arm
 * (the CLI starts a fresh process from that side's build). A failing arm is recorded
 * (`errored`, `invalid`) and no longer scheduled; the rest go on.
 */
export type Side = 'base' | 'head'

export interface Arm {
  side: Side
  variant: string
  /** `side:variant`, as progress lines and the round schedule show it. */
  name: string
}

export interface ArmRound {
  arm: Arm
  phase: 'warmup' | 'measure'
  /** The measured round index, or the warm-up index. */
  round: number
  /** Micro runner: the arm's batch size once its first round has chosen one. */
  calibration: MicroCalibration | null
}

export interface ArmReply {
  outcome: RoundOutcome
  calibration: MicroCalibration | null
  warnings: string[]
}

export type ArmRunner = (request: ArmRound) => Promise<ArmReply>

export interface RefSessionOptions {
  runId: string
  seed: number
  quick: boolean
  rounds?: number
  minRounds?: number
  maxRounds?: number
  warmupRounds?: number
  timeBudgetMs?: number
  /** The scenario as each build describes it; base is null for a scenario only HEAD has. */
  base: ResolvedScenario | null
  head: ResolvedScenario
  refs: { base: RefRecord; head: RefRecord }
  environments: { base: Fingerprint; head: Fingerprint }
  runArm: ArmRunner
  /**
   * Gated comparisons in the whole suite's Holm family (all selected scenarios, every shard):
   * adaptive sampling never stops before a verdict among that many can be significant.
   * Defaults to this scenario's own.
   */
  familySize?: number
  signal?: AbortSignal
  reporter?: Reporter
  index?: number
  total?: number
}

export interface RefSession {
  base: ResultFile | null
  head: ResultFile
}

/**
 * A compare-refs round runs twice the arms of a `dyno run` round, each in a fresh process
 * (~0.3 s to start Node, the harness and the scenario), so the default budget per scenario is
 * four times `dyno run`'s. --time-budget overrides it.
 */
export const REF_BUDGET_FACTOR = 4

export function defaultRefRounds(runnerKind: string, quick: boolean): RoundPlan {
  const plan = defaultRounds(runnerKind, quick)
  return { ...plan, budgetMs: plan.budgetMs * REF_BUDGET_FACTOR }
}

export function armName(side: Side, variant: string): string {
  return `${side}:${variant}`
}

interface ArmState {
  arm: Arm
  status: VariantResult['status']
  statusReason: string | null
  rounds: RoundRecord[]
  calibration: MicroCalibration | null
  warnings: Set<string>
}

function describe(error: ErrorRecord): string {
  return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
}

export async function runRefSession(options: RefSessionOptions): Promise<RefSession> {
  const head = options.head
  const base = options.base
  const spec = head.spec
  const defaults = defaultRefRounds(spec.runner.kind, options.quick)
  const adaptive = options.rounds === undefined
  const common = base === null ? [] : head.variantNames.filter((v) => base.variantNames.includes(v))
  // The reference variant's comparisons are informational (reference-is-informational.ts).
  const contenders = base === null ? contenderCount(head.variantNames, head.reference) : common.filter((v) => v !== head.reference).length
  const ownFamily = contenders * head.metrics.filter((m) => m.gated).length
  const significantFrom = roundsForSignificance(options.familySize ?? ownFamily, DEFAULT_ALPHA)
  // Fewer rounds than significantFrom could never call anything regressed or improved.
  const plannedRounds = options.rounds ?? Math.max(options.maxRounds ?? defaults.maxRounds, options.minRounds ?? 0, significantFrom)
  const minRounds = options.rounds ?? Math.min(Math.max(options.minRounds ?? defaults.minRounds, significantFrom), plannedRounds)
  const warmupRounds = options.warmupRounds ?? defaults.warmup
  const timeBudgetMs = options.timeBudgetMs ?? defaults.budgetMs
  const random = createRandom(options.seed)
  const startedAt = new Date()
  const clockStart = performance.now()
  const background = new BackgroundCpuMonitor()
  const warnings: Warning[] = []
  const schedule: string[][] = []

  const arms: Arm[] = []
  // BASE arms only where HEAD has the scenario too: a scenario only BASE has is not run at all.
  if (base !== null) for (const variant of base.variantNames) arms.push({ side: 'base', variant, name: armName('base', variant) })
  for (const variant of head.variantNames) arms.push({ side: 'head', variant, name: armName('head', variant) })
  const states = new Map<string, ArmState>(
    arms.map((arm) => [arm.name, { arm, status: 'completed', statusReason: null, rounds: [], calibration: null, warnings: new Set() }]),
  )
  const stateOf = (side: Side, variant: string) => states.get(armName(side, variant))
  const runnable = () => [...states.values()].filter((s) => s.status === 'completed').map((s) => s.arm.name)
  const isRunnable = (side: Side, variant: string) => stateOf(side, variant)?.status === 'completed'

  /** Worth another round while HEAD can still be compared with something. */
  const canContinue = (): boolean => {
    if (base !== null) return common.some((v) => isRunnable('base', v) && isRunnable('head', v))
    // HEAD alone (an added scenario): its variants against its baseline, as `dyno run` would.
    return isRunnable('head', head.baseline) && head.variantNames.filter((v) => isRunnable('head', v)).length >= 2
  }

  /** The pairs the stopping rule watches: HEAD against BASE per variant, on every gated metric. */
  const gatedPairs = (): StoppingInput[] => {
    const inputs: StoppingInput[] = []
    const pairs: [ArmState, ArmState][] = []
    if (base !== null) {
      for (const v of common) {
        if (v === head.reference) continue
        const b = stateOf('base', v)
        const h = stateOf('head', v)
        if (b && h && b.status === 'completed' && h.status === 'completed') pairs.push([b, h])
      }
    } else {
      const b = stateOf('head', head.baseline)
      for (const v of head.variantNames) {
        if (v === head.reference) continue
        const h = stateOf('head', v)
        if (b && h && h !== b && b.status === 'completed' && h.status === 'completed') pairs.push([b, h])
      }
    }
    for (const [b, h] of pairs) {
      for (const metric of head.metrics.filter((m) => m.gated)) {
        const values = pairedValues(b, h, metric.name)
        inputs.push({ base: values.base, head: values.head, metric })
      }
    }
    return inputs
  }

  const retire = (state: ArmState, outcome: RoundOutcome) => {
    if (outcome.status === 'errored') {
      state.status = 'errored'
      state.statusReason = describe(outcome.error)
    } else if (outcome.status === 'invalid') {
      state.status = 'invalid'
      state.statusReason = outcome.reason
    }
  }

  const runOne = async (state: ArmState, phase: ArmRound['phase'], round: number): Promise<RoundOutcome> => {
    const reply = await options.runArm({ arm: state.arm, phase, round, calibration: state.calibration })
    if (state.calibration === null && reply.calibration !== null) state.calibration = reply.calibration
    for (const warning of reply.warnings) state.warnings.add(warning)
    return reply.outcome
  }

  const report = (phase: ArmRound['phase'], round: number, planned: number, arm: Arm, outcome: RoundOutcome) => {
    options.reporter?.onRound?.({
      scenarioId: spec.id,
      phase,
      round,
      plannedRounds: planned,
      variant: arm.name,
      status: outcome.status,
      primaryValue: outcome.status === 'ok' ? (outcome.values[head.primaryMetric] ?? null) : null,
      message: outcome.status === 'errored' ? describe(outcome.error) : outcome.status === 'invalid' ? outcome.reason : null,
    })
  }

  options.reporter?.onScenarioStart?.({
    scenarioId: spec.id,
    variants: arms.map((a) => a.name),
    primaryMetric: head.metrics.find((m) => m.name === head.primaryMetric) ?? { name: head.primaryMetric, unit: 'count', better: 'lower' },
    plannedRounds,
    warmupRounds,
    index: options.index ?? 0,
    total: options.total ?? 1,
  })

  // The empty-call floor of the harness, for the plausibility check. Measured here, in the
  // orchestrating process: the round processes are too short-lived to spare the time.
  const harnessFloorNsPerOp =
    spec.runner.kind === 'micro'
      ? await measureHarnessFloor(Math.min(50, microRoundMs(spec.runner as MicroRunnerSpec, options.quick)), spec.runner as MicroRunnerSpec)
      : null

  // Warm-up: each arm's first process verifies its output and fixes its batch size; a side
  // whose build cannot run the scenario shows up here, before any sample is taken.
  let previous: string[] | null = null
  for (let w = 0; w < warmupRounds; w++) {
    const order = roundOrder(runnable(), w, previous, random)
    previous = order
    for (const name of order) {
      const state = states.get(name) as ArmState
      const outcome = await runOne(state, 'warmup', w)
      retire(state, outcome)
      report('warmup', w, warmupRounds, state.arm, outcome)
    }
  }

  let stopReason: StopReason = 'rounds-complete'
  let measuredRounds = 0
  previous = null
  const measuringStartedAt = performance.now() - clockStart
  for (let r = 0; r < plannedRounds; r++) {
    if (options.signal?.aborted) {
      stopReason = 'interrupted'
      break
    }
    if (!canContinue()) {
      stopReason = 'no-runnable-variant'
      break
    }
    const elapsed = performance.now() - clockStart
    const perRound = measuredRounds > 0 ? (elapsed - measuringStartedAt) / measuredRounds : 0
    if (elapsed + perRound > timeBudgetMs) {
      stopReason = 'time-budget'
      break
    }
    const order = roundOrder(runnable(), r, previous, random)
    previous = order
    schedule.push(order)
    for (const [position, name] of order.entries()) {
      const state = states.get(name) as ArmState
      const startedAtRound = new Date().toISOString()
      const outcome = await runOne(state, 'measure', r)
      const record: RoundRecord = {
        round: r,
        position,
        startedAt: startedAtRound,
        isolation: 'process',
        status: outcome.status,
        values: outcome.status === 'errored' ? {} : outcome.values,
        detail: outcome.status === 'errored' ? {} : outcome.detail,
      }
      if (outcome.status === 'errored') record.error = outcome.error
      if (outcome.status === 'invalid') record.invalidReason = outcome.reason
      state.rounds.push(record)
      retire(state, outcome)
      report('measure', r, plannedRounds, state.arm, outcome)
    }
    measuredRounds = r + 1
    if (adaptive && measuredRounds >= minRounds) {
      const decision = stoppingDecision(gatedPairs(), { alpha: DEFAULT_ALPHA, minRounds })
      if (decision.stop && decision.reason !== null) {
        stopReason = decision.reason
        break
      }
    }
  }

  if (measuredRounds < significantFrom && stopReason !== 'no-runnable-variant') {
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
  const session = {
    seed: options.seed,
    quick: options.quick,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
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
  }

  const sideResult = (side: Side, resolved: ResolvedScenario): ResultFile => {
    const sideStates = resolved.variantNames.map((v) => stateOf(side, v) as ArmState)
    const sideWarnings: Warning[] = sideStates.flatMap((s) =>
      [...s.warnings].map((message) => ({ code: 'round-warning', severity: 'warning' as const, variant: s.arm.variant, message })),
    )
    const result = buildResult({
      runId: options.runId,
      resolved,
      environment: options.environments[side],
      session,
      variants: sideStates.map((s) => ({
        name: s.arm.variant,
        baseline: s.arm.variant === resolved.baseline,
        description: resolved.spec.variants[s.arm.variant]?.description ?? null,
        status: s.status,
        statusReason: s.statusReason,
        rounds: s.rounds,
      })),
      warnings: [...warnings, ...sideWarnings],
      error: null,
    })
    return { ...result, refs: { side, base: options.refs.base, head: options.refs.head } }
  }

  return { base: base === null ? null : sideResult('base', base), head: sideResult('head', head) }
}
