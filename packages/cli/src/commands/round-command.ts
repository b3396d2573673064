import path from 'node:path'
import {
  type DescribedScenario,
  type DescribeProblem,
  type DescribeReply,
  type DescribeRequest,
  DYNO_VERSION,
  describeScenario,
  isDynoError,
  isProtocolRequest,
  type ProfileRoundRequest,
  type ProtocolReply,
  ROUND_PROTOCOL_REVISION,
  ROUND_PROTOCOL_VERSION,
  type RoundRequest,
  resolveScenario,
  runFreshProfiledRound,
  runFreshRound,
  type ServerMessage,
} from '@dyno/core'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { discoverScenarioFiles } from '../load/discover-scenario-files.js'
import { childExecArgv, loadScenarioFiles } from '../load/load-scenarios.js'

/**
 * `dyno __round` (hidden): the server side of the round protocol (core
 * refs/round-protocol.ts). `dyno compare-refs` starts it inside each build, one process per
 * request, over an IPC channel: it says hello, answers one `describe`, `round` or
 * `profile-round` request with this build's own harness and scenario code, and exits.
 */
function problemText(error: unknown): string {
  if (isDynoError(error)) return error.details.length > 0 ? error.details.join('; ') : error.message
  return error instanceof Error ? error.message : String(error)
}

async function describe(request: DescribeRequest, cwd: string): Promise<DescribeReply> {
  const scenarios: DescribedScenario[] = []
  const problems: DescribeProblem[] = []
  let files: string[]
  try {
    files = await discoverScenarioFiles(request.scenarioPaths, cwd)
  } catch (error) {
    return {
      type: 'described',
      scenarios,
      problems: [{ file: request.scenarioPaths.join(', ') || '.', scenarioId: null, message: problemText(error) }],
    }
  }
  const seen = new Map<string, string>()
  for (const file of files) {
    const relative = path.relative(cwd, file)
    let loaded: Awaited<ReturnType<typeof loadScenarioFiles>>
    try {
      loaded = await loadScenarioFiles([file], cwd)
    } catch (error) {
      problems.push({ file: relative, scenarioId: null, message: problemText(error) })
      continue
    }
    for (const { scenario } of loaded) {
      const earlier = seen.get(scenario.id)
      if (earlier !== undefined) {
        problems.push({ file: relative, scenarioId: scenario.id, message: `scenario id '${scenario.id}' is also defined in ${earlier}` })
        continue
      }
      seen.set(scenario.id, relative)
      try {
        const resolved = resolveScenario(scenario, {
          sourceFile: file,
          ...(request.threshold !== null ? { threshold: request.threshold } : {}),
        })
        scenarios.push(describeScenario(resolved, relative))
      } catch (error) {
        problems.push({ file: relative, scenarioId: scenario.id, message: problemText(error) })
      }
    }
  }
  return { type: 'described', scenarios, problems }
}

async function round(request: RoundRequest | ProfileRoundRequest, cwd: string): Promise<ProtocolReply> {
  const unusable = (name: string, message: string): ProtocolReply => {
    const outcome = { status: 'errored' as const, error: { name, message } }
    return request.type === 'round'
      ? { type: 'outcome', outcome, calibration: request.calibration, warnings: [] }
      : { type: 'profiled', outcome, calibration: request.calibration, captures: [], warnings: [] }
  }
  const file = path.resolve(cwd, request.scenarioFile)
  let scenarios: Awaited<ReturnType<typeof loadScenarioFiles>>
  try {
    scenarios = await loadScenarioFiles([file], cwd)
  } catch (error) {
    return unusable('ScenarioLoadFailed', problemText(error))
  }
  const scenario = scenarios.find((s) => s.scenario.id === request.scenarioId)?.scenario
  if (scenario === undefined) return unusable('Error', `${request.scenarioFile} no longer exports scenario '${request.scenarioId}'`)
  const scratch = process.env.DYNO_ROUND_SCRATCH
  // The round's own server processes load TypeScript modules as `dyno run`'s do.
  const options = { childExecArgv: childExecArgv(), ...(scratch ? { scratchParent: scratch } : {}) }
  return request.type === 'round' ? runFreshRound(scenario, request, options) : runFreshProfiledRound(scenario, request, options)
}

async function handle(request: unknown, cwd: string): Promise<ProtocolReply> {
  if (!isProtocolRequest(request)) return { type: 'refused', reason: 'the message is not a round-protocol request' }
  if (request.protocol !== ROUND_PROTOCOL_VERSION) {
    return { type: 'refused', reason: `this dyno ${DYNO_VERSION} speaks round protocol ${ROUND_PROTOCOL_VERSION}, not ${request.protocol}` }
  }
  return request.type === 'describe' ? describe(request, cwd) : round(request, cwd)
}

export async function roundCommand(io: CliIo): Promise<ExitCode> {
  const channel = process.send?.bind(process)
  if (channel === undefined || !process.connected) {
    io.err(
      'dyno: __round is internal: `dyno compare-refs` runs it inside each build, over an IPC channel\n  hint: run `dyno compare-refs BASE HEAD` instead\n',
    )
    return EXIT.usage
  }
  const post = (message: ServerMessage) =>
    new Promise<void>((resolve) => {
      channel(message, undefined, undefined, () => resolve())
    })
  // If the orchestrator goes away mid-round, so does the round: no orphaned processes.
  const orphaned = () => process.exit(EXIT.environment)
  process.on('disconnect', orphaned)
  const request = new Promise<unknown>((resolve) => process.once('message', resolve))
  await post({ type: 'hello', protocol: ROUND_PROTOCOL_VERSION, revision: ROUND_PROTOCOL_REVISION, dynoVersion: DYNO_VERSION })
  const reply = await handle(await request, io.cwd)
  await post(reply)
  process.off('disconnect', orphaned)
  process.disconnect()
  return EXIT.pass
}
