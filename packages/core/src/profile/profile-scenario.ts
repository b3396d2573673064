import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { type ErrorRecord, toErrorRecord } from '../errors/dyno-error.js'
import { executeRound, type RoundOutcome } from '../orchestrate/execute-round.js'
import type { ProvisionedResources, Provisioner } from '../orchestrate/provisioner.js'
import { roundOrder } from '../orchestrate/round-schedule.js'
import { runProfiledRoundInChild, runRoundInChild } from '../orchestrate/run-round-in-child.js'
import { microRoundMs } from '../runners/micro-runner.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { ScenarioContext, VariantContext } from '../scenario/scenario.js'
import type { IsolationUsed } from '../schema/result-file.js'
import { createRandom } from '../stats/prng.js'
import { type CapturedProfile, InspectorProfiler, type ProfilerSettings, profilerSettings } from './inspector-profiler.js'
import type { ScenarioProfile } from './scenario-profile.js'
import { VariantProfileState } from './variant-profile-state.js'

/**
 * A profiling session for one scenario: set up the fixture, warm up, then run a few rounds of
 * each chosen variant with the profiler recording the measured work, interleaved in the same
 * balanced order as a measuring session, and merge each variant's rounds into one profile.
 *
 * It is a session of its own — its own fixture, its own rounds — and it returns a
 * ScenarioProfile, never RoundRecords: the profiler slows the work down, so nothing measured
 * here may reach a verdict. `dyno run` calls it after the measured session is over.
 *
 * Rounds run where the measured session's ran: in this process (micro, short jobs) or in a
 * fresh child per round (isolated throughput), where the child profiles its own work. An
 * http-load round runs from this process too, but the work it measures runs in the server's
 * own process: that process is profiled, over the measured phase of the load only.
 */
export interface ProfileSessionOptions {
  seed: number
  quick: boolean
  /** Variants to profile, in the scenario's order; default all. */
  variants?: readonly string[]
  /**
   * Profiled rounds per variant. Default: about 1 s of profiled work per variant (0.4 s with
   * quick) — a fixed number of micro rounds; throughput jobs until each variant has that much
   * (at least 3 jobs, 2 quick, at most 10).
   */
  rounds?: number
  settings?: Partial<ProfilerSettings>
  /** Where the measured session ran its rounds; when unknown it is decided as runScenario does. */
  isolation?: IsolationUsed
  /** Node flags for isolated rounds' child processes (e.g. a TypeScript loader). */
  childExecArgv?: string[]
  provisioner?: Provisioner
  signal?: AbortSignal
  /** Called after every profiled round, for progress output. */
  onRound?: (event: { variant: string; round: number; rounds: number; status: RoundOutcome['status'] }) => void
}

const AUTO_ISOLATION_THRESHOLD_MS = 500
const DEFAULT_ROUND_TIMEOUT_MS = 600_000

/**
 * How much profiled work each variant gets by default: about a second (5,000 samples at 200 µs),
 * enough for functions with a share of a few per cent to stand out of the sampling noise.
 */
export function profileTargetMs(quick: boolean): number {
  return quick ? 400 : 1000
}

/**
 * Profiled rounds per variant: micro rounds have a known length, so a fixed number reaches the
 * target; throughput jobs take what they take, so `max` rounds are allowed and the session stops
 * once every variant has the target's worth of profiled work (and at least `min` jobs). An
 * http-load round's measured phase (1 s quick, 10 s by default) usually reaches the target on
 * its own, and every further round costs a whole load: one is the minimum there.
 */
export function defaultProfileRounds(resolved: ResolvedScenario, quick: boolean): { min: number; max: number } {
  const runner = resolved.spec.runner
  if (runner.kind === 'micro') {
    const rounds = Math.min(20, Math.max(2, Math.ceil(profileTargetMs(quick) / microRoundMs(runner, quick))))
    return { min: rounds, max: rounds }
  }
  if (runner.kind === 'http-load') return { min: 1, max: 10 }
  return { min: quick ? 2 : 3, max: 10 }
}

export async function profileScenario(resolved: ResolvedScenario, options: ProfileSessionOptions): Promise<ScenarioProfile> {
  const spec = resolved.spec
  const settings = profilerSettings(options.settings)
  const chosen = options.variants ?? resolved.variantNames
  const unknown = chosen.filter((v) => !resolved.variantNames.includes(v))
  if (unknown.length > 0) throw new RangeError(`scenario '${spec.id}' has no variant ${unknown.map((v) => `'${v}'`).join(', ')}`)
  const plan = options.rounds !== undefined ? { min: options.rounds, max: options.rounds } : defaultProfileRounds(resolved, options.quick)
  const rounds = plan.max
  const random = createRandom(options.seed)
  const startedAt = new Date()
  const clockStart = performance.now()
  const warnings: string[] = []
  const states = new Map<string, VariantProfileState>(
    resolved.variantNames.filter((name) => chosen.includes(name)).map((name) => [name, new VariantProfileState(name)]),
  )
  const tempDir = await mkdtemp(path.join(os.tmpdir(), `dyno-profile-${spec.id.replace('/', '-')}-`))
  const context: ScenarioContext = { quick: options.quick, tempDir, seed: options.seed, databases: {} }
  const profilesServer = spec.runner.kind === 'http-load'
  const requested = spec.runner.kind === 'throughput' ? (spec.runner.isolation ?? 'auto') : 'in-process'
  // http-load rounds always run from here: their server is a process of its own anyway.
  let isolation: IsolationUsed = profilesServer
    ? 'in-process'
    : (options.isolation ?? (requested !== 'in-process' && resolved.sourceFile !== null ? 'process' : 'in-process'))
  const decideByTiming = options.isolation === undefined && requested === 'auto' && isolation === 'process'
  const roundTimeoutMs =
    spec.runner.kind === 'throughput' ? (spec.runner.roundTimeoutMs ?? DEFAULT_ROUND_TIMEOUT_MS) : DEFAULT_ROUND_TIMEOUT_MS
  const profiler = new InspectorProfiler(settings)
  let resources: ProvisionedResources | null = null
  let fixture: unknown
  let error: ErrorRecord | null = null

  const running = () => [...states.values()].filter((s) => s.running).map((s) => s.variant)

  /** One round of one variant, profiled or not; the capture is null for unprofiled rounds. */
  const runOne = async (state: VariantProfileState, where: IsolationUsed, profiled: boolean) => {
    const variantContext: VariantContext = { ...context, variant: state.variant }
    try {
      await spec.beforeRound?.(fixture, variantContext)
    } catch (thrown) {
      const record = toErrorRecord(thrown)
      return {
        outcome: { status: 'errored', error: { ...record, message: `beforeRound() failed: ${record.message}` } } as RoundOutcome,
        capture: null,
      }
    }
    if (where === 'process') {
      const child = {
        scenarioFile: resolved.sourceFile as string,
        scenarioId: spec.id,
        fixture,
        context: variantContext,
        execArgv: options.childExecArgv ?? [],
        timeoutMs: roundTimeoutMs,
      }
      return profiled ? runProfiledRoundInChild({ ...child, profile: settings }) : { outcome: await runRoundInChild(child), capture: null }
    }
    let capture: CapturedProfile | null = null
    const outcome = await executeRound({
      scenario: spec,
      fixture,
      context: variantContext,
      isolatedProcess: false,
      calibration: state.calibration,
      onCalibrated: (calibration) => {
        state.calibration = calibration
      },
      ...(profiled && profilesServer
        ? {
            profileServer: {
              settings,
              onCapture: (captured: CapturedProfile) => {
                capture = captured
              },
            },
          }
        : {}),
      ...(profiled && !profilesServer
        ? {
            aroundMeasure: async <T>(measure: () => Promise<T>): Promise<T> => {
              const recorded = await profiler.record(measure)
              capture = recorded.capture
              return recorded.result
            },
          }
        : {}),
    })
    return { outcome, capture: capture as CapturedProfile | null }
  }

  try {
    const needsServers = (spec.requires ?? []).some((r) => r.kind === 'database')
    if (needsServers && options.provisioner !== undefined) {
      try {
        resources = await options.provisioner.provision(resolved, {
          quick: options.quick,
          tempDir,
          ...(options.signal ? { signal: options.signal } : {}),
        })
        context.databases = resources.databases
      } catch (thrown) {
        error = toErrorRecord(thrown)
      }
    }
    if (error === null) {
      try {
        fixture = await spec.setup?.(context)
      } catch (thrown) {
        error = toErrorRecord(thrown)
      }
    }

    // Warm-up, unprofiled: JIT and caches settle and the micro runner picks its batch size, as
    // in a measuring session. Isolated rounds start cold in a fresh process anyway, so they only
    // get one when the round's length has to decide where rounds run ('auto'). So does every
    // http-load round's server, which is warmed up by the round's own warm-up phase, outside
    // the profile.
    if (error === null && !profilesServer && (isolation === 'in-process' || decideByTiming)) {
      let slowestMs = 0
      for (const name of running()) {
        const started = performance.now()
        const state = states.get(name) as VariantProfileState
        const { outcome } = await runOne(state, isolation, false)
        slowestMs = Math.max(slowestMs, performance.now() - started)
        state.retire(outcome)
      }
      if (decideByTiming && slowestMs < AUTO_ISOLATION_THRESHOLD_MS) isolation = 'in-process'
    }

    let previous: string[] | null = null
    const enough = () => running().every((name) => (states.get(name) as VariantProfileState).profiledMs >= profileTargetMs(options.quick))
    for (let r = 0; error === null && r < rounds; r++) {
      if (r >= plan.min && enough()) break
      if (options.signal?.aborted) {
        warnings.push(`interrupted after ${r} of ${rounds} profiled rounds`)
        break
      }
      const order = roundOrder(running(), r, previous, random)
      previous = order
      if (order.length === 0) break
      for (const name of order) {
        const state = states.get(name) as VariantProfileState
        const { outcome, capture } = await runOne(state, isolation, true)
        if (outcome.status === 'ok' && capture !== null) state.add(capture, outcome.values)
        state.retire(outcome)
        options.onRound?.({ variant: name, round: r, rounds, status: outcome.status })
      }
    }
  } finally {
    profiler.close()
    try {
      if (error === null) await spec.teardown?.(fixture, context)
    } catch (thrown) {
      warnings.push(`teardown() failed: ${toErrorRecord(thrown).message}`)
    }
    try {
      await resources?.[Symbol.asyncDispose]()
    } catch (thrown) {
      warnings.push(`releasing the scenario's servers failed: ${toErrorRecord(thrown).message}`)
    }
    await rm(tempDir, { recursive: true, force: true })
  }

  return {
    scenarioId: spec.id,
    baseline: resolved.baseline,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: performance.now() - clockStart,
    settings,
    isolation,
    ...(profilesServer ? { profiledProcess: 'server' as const } : {}),
    variants: [...states.values()].map((s) => s.toProfile(error)),
    error,
    warnings,
  }
}
