import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { toErrorRecord } from '../errors/dyno-error.js'
import { type ExecuteRoundInput, executeRound, type MicroCalibration, type RoundOutcome } from '../orchestrate/execute-round.js'
import { type CapturedProfile, InspectorProfiler } from '../profile/inspector-profiler.js'
import type { AnyScenario, ScenarioContext, VariantContext } from '../scenario/scenario.js'
import type { ProfiledRoundReply, ProfileRoundRequest, RoundReply, RoundRequest } from './round-protocol.js'

/**
 * The server side of a `round` request: one round of one variant in a process of its own.
 * The scenario's whole life happens here — setup (the fixture), beforeRound, prepare, an
 * in-process warm-up (micro: verify, calibrate, one discarded round, so the measured round
 * is not the JIT's first contact), the measured round, dispose, teardown — because the
 * fixture and the code under test belong to this build, not to the orchestrator. Everything
 * that goes wrong is data in the reply; nothing here throws.
 *
 * A `profile-round` request lives the same life, with the measured work under the profiler,
 * repeated as asked (see ProfileRoundRequest).
 */
function failed(prefix: string, error: unknown): RoundOutcome {
  const record = toErrorRecord(error)
  return { status: 'errored', error: { ...record, message: `${prefix}: ${record.message}` } }
}

export interface FreshRoundOptions {
  /**
   * Where the scenario's scratch directory goes. The orchestrator gives each round process a
   * directory it removes after the process ends, so a round that crashes (or calls
   * process.exit) before its own cleanup leaves nothing behind.
   */
  scratchParent?: string
  /**
   * Node flags for processes the round starts itself (an http-load variant's server), e.g.
   * tsx's loader so a server module written in TypeScript loads as it does in `dyno run`.
   */
  childExecArgv?: readonly string[]
}

type RoundBody = (fixture: unknown, context: VariantContext) => Promise<RoundOutcome>

/** Setup, the body, teardown; the scratch directory removed whatever happened. */
async function inFreshScenario(
  scenario: AnyScenario,
  request: RoundRequest | ProfileRoundRequest,
  options: FreshRoundOptions,
  body: RoundBody,
): Promise<{ outcome: RoundOutcome; warnings: string[] }> {
  const warnings: string[] = []
  const tempDir = await mkdtemp(path.join(options.scratchParent ?? os.tmpdir(), `dyno-round-${scenario.id.replace('/', '-')}-`))
  const context: ScenarioContext = { quick: request.quick, tempDir, seed: request.seed, databases: {} }
  try {
    let fixture: unknown
    try {
      fixture = await scenario.setup?.(context)
    } catch (error) {
      return { outcome: failed('setup() failed', error), warnings }
    }
    try {
      return { outcome: await body(fixture, { ...context, variant: request.variant }), warnings }
    } finally {
      try {
        await scenario.teardown?.(fixture, context)
      } catch (error) {
        warnings.push(`teardown() failed: ${toErrorRecord(error).message}`)
      }
    }
  } finally {
    await rm(tempDir, { recursive: true, force: true })
  }
}

async function beforeRound(scenario: AnyScenario, fixture: unknown, context: VariantContext): Promise<RoundOutcome | null> {
  try {
    await scenario.beforeRound?.(fixture, context)
    return null
  } catch (error) {
    return failed('beforeRound() failed', error)
  }
}

/** What every round in a fresh process runs with: the process is the isolation, the batch size is kept. */
function roundInput(
  scenario: AnyScenario,
  fixture: unknown,
  context: VariantContext,
  calibration: MicroCalibration | null,
  onCalibrated: (chosen: MicroCalibration) => void,
  options: FreshRoundOptions,
): ExecuteRoundInput {
  return {
    scenario,
    fixture,
    context,
    isolatedProcess: true,
    calibration,
    onCalibrated,
    ...(options.childExecArgv !== undefined ? { childExecArgv: options.childExecArgv } : {}),
  }
}

export async function runFreshRound(scenario: AnyScenario, request: RoundRequest, options: FreshRoundOptions = {}): Promise<RoundReply> {
  let calibration: MicroCalibration | null = request.calibration
  const { outcome, warnings } = await inFreshScenario(scenario, request, options, async (fixture, context) => {
    const refused = await beforeRound(scenario, fixture, context)
    if (refused !== null) return refused
    return executeRound({
      ...roundInput(scenario, fixture, context, calibration, (chosen) => (calibration = chosen), options),
      warmUpInProcess: true,
    })
  })
  return { type: 'outcome', outcome, calibration, warnings }
}

/**
 * A profiling round: the first repeat warms up as a measured round would (micro: verify,
 * calibrate, one discarded round), later repeats reuse its batch size without warming up again.
 * Only the measured work is inside the profiler (executeRound's aroundMeasure), never setup,
 * prepare or verify. An http-load round's measured work runs in its server's process, not this
 * one: that process is profiled instead (executeRound's profileServer), over the measured load.
 */
export async function runFreshProfiledRound(
  scenario: AnyScenario,
  request: ProfileRoundRequest,
  options: FreshRoundOptions = {},
): Promise<ProfiledRoundReply> {
  let calibration: MicroCalibration | null = request.calibration
  const captures: ProfiledRoundReply['captures'] = []
  const profilesServer = scenario.runner.kind === 'http-load'
  const profiler = new InspectorProfiler(request.settings)
  try {
    const { outcome, warnings } = await inFreshScenario(scenario, request, options, async (fixture, context) => {
      let last: RoundOutcome = { status: 'errored', error: { name: 'Error', message: 'no profiled round was asked for' } }
      for (let i = 0; i < Math.max(1, request.repeat); i++) {
        const refused = await beforeRound(scenario, fixture, context)
        if (refused !== null) return refused
        let captured: CapturedProfile | null = null
        const profiling: Pick<ExecuteRoundInput, 'aroundMeasure' | 'profileServer'> = profilesServer
          ? { profileServer: { settings: request.settings, onCapture: (capture) => (captured = capture) } }
          : {
              aroundMeasure: async <T>(measure: () => Promise<T>): Promise<T> => {
                const recorded = await profiler.record(measure)
                captured = recorded.capture
                return recorded.result
              },
            }
        last = await executeRound({
          ...roundInput(scenario, fixture, context, calibration, (chosen) => (calibration = chosen), options),
          warmUpInProcess: i === 0,
          ...profiling,
        })
        if (last.status !== 'ok') return last
        if (captured !== null) captures.push({ capture: captured, values: last.values })
      }
      return last
    })
    return { type: 'profiled', outcome, calibration, captures, warnings }
  } finally {
    profiler.close()
  }
}
