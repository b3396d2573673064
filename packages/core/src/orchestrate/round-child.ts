/**
 * Entry point of a round's child process: load the scenario file, run one round of one
 * variant, send the outcome, exit. A fresh process per round means the round's peak RSS and
 * GC figures are its own, and nothing the previous variant left behind (heap, JIT state,
 * open handles) leaks into it.
 */
import { pathToFileURL } from 'node:url'
import { toErrorRecord } from '../errors/dyno-error.js'
import { type CapturedProfile, InspectorProfiler } from '../profile/inspector-profiler.js'
import { scenariosInModule } from '../scenario/find-scenarios.js'
import type { RoundReply, RoundRequest } from './child-protocol.js'
import { executeRound, type RoundOutcome } from './execute-round.js'

async function handle(request: RoundRequest): Promise<RoundReply> {
  // A profiling request records the measured work through the inspector, in this process.
  let capture: CapturedProfile | undefined
  const profiler = request.profile === undefined ? null : new InspectorProfiler(request.profile)
  const aroundMeasure =
    profiler === null
      ? {}
      : {
          aroundMeasure: async <T>(measure: () => Promise<T>): Promise<T> => {
            const recorded = await profiler.record(measure)
            capture = recorded.capture
            return recorded.result
          },
        }
  const outcome = await runRequestedRound(request, aroundMeasure)
  profiler?.close()
  return capture === undefined ? { type: 'round-outcome', outcome } : { type: 'round-outcome', outcome, capture }
}

async function runRequestedRound(
  request: RoundRequest,
  aroundMeasure: { aroundMeasure?: <T>(measure: () => Promise<T>) => Promise<T> },
): Promise<RoundOutcome> {
  try {
    const namespace = (await import(pathToFileURL(request.scenarioFile).href)) as Record<string, unknown>
    const scenario = scenariosInModule(namespace).find((s) => s.id === request.scenarioId)
    if (scenario === undefined) {
      return {
        status: 'errored',
        error: { name: 'Error', message: `${request.scenarioFile} no longer exports scenario '${request.scenarioId}'` },
      }
    }
    return await executeRound({
      scenario,
      fixture: request.fixture,
      context: request.context,
      isolatedProcess: true,
      calibration: null,
      ...aroundMeasure,
      ...(request.sourceVariant !== undefined ? { sourceVariant: request.sourceVariant } : {}),
    })
  } catch (error) {
    return { status: 'errored', error: toErrorRecord(error) }
  }
}

// If the orchestrator goes away, so does the round: no orphaned children.
process.on('disconnect', () => process.exit(1))
process.once('message', (message: RoundRequest) => {
  void handle(message).then((reply) => {
    // Exit as soon as the reply is flushed: a variant that leaves handles open must not keep
    // the round (and the session) waiting.
    process.send?.(reply, () => process.exit(0))
  })
})
