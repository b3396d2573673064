import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { toErrorRecord } from '../errors/dyno-error.js'
import { executeRound, type MicroCalibration, type RoundOutcome } from '../orchestrate/execute-round.js'
import type { AnyScenario, ScenarioContext } from '../scenario/scenario.js'
import type { RoundReply, RoundRequest } from './round-protocol.js'

/**
 * The server side of a `round` request: one round of one variant in a process of its own.
 * The scenario's whole life happens here — setup (the fixture), beforeRound, prepare, an
 * in-process warm-up (micro: verify, calibrate, one discarded round, so the measured round
 * is not the JIT's first contact), the measured round, dispose, teardown — because the
 * fixture and the code under test belong to this build, not to the orchestrator. Everything
 * that goes wrong is data in the reply; nothing here throws.
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
}

export async function runFreshRound(scenario: AnyScenario, request: RoundRequest, options: FreshRoundOptions = {}): Promise<RoundReply> {
  const warnings: string[] = []
  let calibration: MicroCalibration | null = request.calibration
  const reply = (outcome: RoundOutcome): RoundReply => ({ type: 'outcome', outcome, calibration, warnings })
  const tempDir = await mkdtemp(path.join(options.scratchParent ?? os.tmpdir(), `dyno-round-${scenario.id.replace('/', '-')}-`))
  const context: ScenarioContext = { quick: request.quick, tempDir, seed: request.seed, databases: {} }
  try {
    let fixture: unknown
    try {
      fixture = await scenario.setup?.(context)
    } catch (error) {
      return reply(failed('setup() failed', error))
    }
    try {
      const variantContext = { ...context, variant: request.variant }
      try {
        await scenario.beforeRound?.(fixture, variantContext)
      } catch (error) {
        return reply(failed('beforeRound() failed', error))
      }
      const outcome = await executeRound({
        scenario,
        fixture,
        context: variantContext,
        isolatedProcess: true,
        calibration,
        onCalibrated: (chosen) => {
          calibration = chosen
        },
        warmUpInProcess: true,
      })
      return reply(outcome)
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
