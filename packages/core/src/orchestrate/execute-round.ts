import { type ErrorRecord, toErrorRecord } from '../errors/dyno-error.js'
import type { CapturedProfile, ProfilerSettings } from '../profile/inspector-profiler.js'
import { measureHttpLoadRound } from '../runners/http-load-runner.js'
import type { HttpLoadRunnerSpec } from '../runners/http-load-spec.js'
import type { Measurement } from '../runners/measurement.js'
import { calibrateBatchSize, measureMicroRound, microRoundMs } from '../runners/micro-runner.js'
import { measureThroughputRound } from '../runners/throughput-runner.js'
import type { AnyScenario, Operation, PreparedVariant, VariantContext, VerifyOutcome } from '../scenario/scenario.js'
import type { LoadRoundRecord } from '../schema/result-file.js'

/**
 * One round of one variant, wherever it runs (this process or a fresh child): prepare the
 * operation outside the clock, measure, verify the output, release. Everything that goes
 * wrong becomes data in the outcome; nothing here throws.
 */
export type RoundOutcome =
  | { status: 'ok'; values: Record<string, number>; detail: Record<string, number>; load?: LoadRoundRecord }
  | { status: 'invalid'; reason: string; values: Record<string, number>; detail: Record<string, number>; load?: LoadRoundRecord }
  | { status: 'errored'; error: ErrorRecord }

/** What the micro runner learns on first contact with a variant and keeps for the session. */
export interface MicroCalibration {
  batchSize: number
  isAsync: boolean
}

function asPrepared(prepared: Operation<unknown> | PreparedVariant<unknown>): PreparedVariant<unknown> {
  return typeof prepared === 'function' ? { run: prepared } : prepared
}

function interpretVerify(outcome: VerifyOutcome): string | null {
  if (outcome === undefined || outcome === true) return null
  if (outcome === false) return 'verify() rejected the output'
  return outcome
}

async function verifyOutput(scenario: AnyScenario, output: unknown, context: VariantContext, fixture: unknown): Promise<string | null> {
  if (scenario.verify === undefined) return null
  try {
    return interpretVerify(await scenario.verify(output, { variant: context.variant, fixture }))
  } catch (error) {
    return `verify() threw: ${error instanceof Error ? error.message : String(error)}`
  }
}

export interface ExecuteRoundInput {
  scenario: AnyScenario
  fixture: unknown
  context: VariantContext
  /** The scenario variant to execute when it differs from the recorded name (A/A copies). */
  sourceVariant?: string
  isolatedProcess: boolean
  /** Micro runner only: the calibration from an earlier round, or null on first contact. */
  calibration: MicroCalibration | null
  onCalibrated?: (calibration: MicroCalibration) => void
  /**
   * Wraps the measured work only — not prepare, first-contact calibration, verify or dispose.
   * A profiling session (profile/profile-scenario.ts) records its profile through this, so a
   * profile shows exactly what a round measures. Not for http-load rounds: see profileServer.
   */
  aroundMeasure?: <T>(measure: () => Promise<T>) => Promise<T>
  /**
   * http-load only: profile the server process over the measured phase of the load (the
   * warm-up excluded) and hand over the capture. The work an http-load round measures runs in
   * the server's own process, so a profile around it in this process would show only the
   * load generator waiting.
   */
  profileServer?: { settings: ProfilerSettings; onCapture: (capture: CapturedProfile) => void }
  /**
   * Micro runner in a fresh process (compare-refs): every round starts cold, so verify the
   * first call, run the calibration loop (which is also the JIT's warm-up) and one discarded
   * round before the measured one. A given calibration keeps its batch size for the session.
   */
  warmUpInProcess?: boolean
  /** Node flags for child processes the round starts (http-load: a TypeScript loader for a .ts server module). */
  childExecArgv?: readonly string[]
}

export async function executeRound(input: ExecuteRoundInput): Promise<RoundOutcome> {
  const { scenario, context } = input
  const source = input.sourceVariant ?? context.variant
  const variant = scenario.variants[source]
  if (variant === undefined) return { status: 'errored', error: { name: 'Error', message: `no variant '${source}'` } }
  // http-load variants name a server instead of an operation, and the measured work runs in
  // the server's own process: they are profiled there (profileServer), never with aroundMeasure.
  if (scenario.runner.kind === 'http-load') return executeHttpLoadRound(input, scenario.runner, variant)
  if (variant.prepare === undefined) {
    return { status: 'errored', error: { name: 'Error', message: `variant '${source}' has no prepare() function` } }
  }
  let prepared: PreparedVariant<unknown>
  try {
    prepared = asPrepared(await variant.prepare(input.fixture, context))
  } catch (error) {
    return { status: 'errored', error: toErrorRecord(error) }
  }
  const outcome = await measureAndVerify(input, prepared)
  try {
    await prepared.dispose?.()
  } catch (error) {
    // A variant that cannot release what it acquired would leak into the next round's figures.
    if (outcome.status !== 'errored') {
      const record = toErrorRecord(error)
      return { status: 'errored', error: { ...record, message: `dispose() failed: ${record.message}` } }
    }
  }
  return outcome
}

function measured(input: ExecuteRoundInput, measure: () => Promise<Measurement>): Promise<Measurement> {
  return input.aroundMeasure === undefined ? measure() : input.aroundMeasure(measure)
}

async function measureAndVerify(input: ExecuteRoundInput, prepared: PreparedVariant<unknown>): Promise<RoundOutcome> {
  const { scenario, context } = input
  try {
    let measurement: Measurement
    const runner = scenario.runner
    if (runner.kind === 'micro') {
      let calibration = input.calibration
      const roundMs = microRoundMs(runner, context.quick)
      if (calibration === null || input.warmUpInProcess === true) {
        // First contact: one call whose output is verified, then the batch size is chosen.
        const first = prepared.run()
        const isAsync = first instanceof Promise
        const output = await first
        const wrong = await verifyOutput(scenario, output, context, input.fixture)
        if (wrong !== null) return { status: 'invalid', reason: wrong, values: {}, detail: {} }
        const batchSize = await calibrateBatchSize(prepared.run, runner)
        if (calibration === null) {
          calibration = { isAsync, batchSize }
          input.onCalibrated?.(calibration)
        }
        if (input.warmUpInProcess === true) await measureMicroRound(prepared.run, calibration.batchSize, roundMs, calibration.isAsync)
      }
      const { batchSize, isAsync } = calibration
      measurement = await measured(input, () => measureMicroRound(prepared.run, batchSize, roundMs, isAsync))
    } else if (runner.kind === 'throughput') {
      measurement = await measured(input, () => measureThroughputRound(prepared.run, runner, input.isolatedProcess))
      const wrong = await verifyOutput(scenario, measurement.output, context, input.fixture)
      if (wrong !== null) return { status: 'invalid', reason: wrong, values: measurement.values, detail: measurement.detail }
      if (measurement.detail.units === 0) {
        return {
          status: 'invalid',
          reason: 'the job reported 0 units of work: it did nothing, so its speed means nothing',
          values: measurement.values,
          detail: measurement.detail,
        }
      }
    } else {
      throw new TypeError(`runner '${runner.kind}' does not run prepared operations`)
    }
    return { status: 'ok', values: measurement.values, detail: measurement.detail }
  } catch (error) {
    return { status: 'errored', error: toErrorRecord(error) }
  }
}

/**
 * An http-load round: the variant names a server instead of an operation, so there is nothing
 * to prepare here; the runner starts the server in its own process and stops it afterwards.
 * A round in which no request succeeded is invalid: its latencies describe nothing.
 */
async function executeHttpLoadRound(
  input: ExecuteRoundInput,
  runner: HttpLoadRunnerSpec,
  variant: AnyScenario['variants'][string],
): Promise<RoundOutcome> {
  const { context } = input
  const serverSpec = variant.server
  if (serverSpec === undefined) {
    return { status: 'errored', error: { name: 'Error', message: `variant '${context.variant}' names no server` } }
  }
  try {
    const server = typeof serverSpec === 'function' ? serverSpec(input.fixture, context) : serverSpec
    const measurement = await measureHttpLoadRound({
      spec: runner,
      server,
      seed: context.seed,
      quick: context.quick,
      execArgv: input.childExecArgv ?? [],
      ...(input.profileServer !== undefined ? { profile: input.profileServer.settings } : {}),
    })
    const { values, detail, load } = measurement
    if (measurement.serverProfile !== undefined) input.profileServer?.onCapture(measurement.serverProfile)
    if ((detail.ok ?? 0) === 0) {
      const classes = Object.entries(load.errorsByClass)
        .sort((a, b) => b[1] - a[1])
        .map(([name, count]) => `${name} ×${count}`)
        .join(', ')
      return {
        status: 'invalid',
        reason: `no request succeeded${classes ? ` (${classes})` : ''}: latencies and throughput of a server that only fails mean nothing`,
        values,
        detail,
        load,
      }
    }
    return { status: 'ok', values, detail, load }
  } catch (error) {
    return { status: 'errored', error: toErrorRecord(error) }
  }
}
