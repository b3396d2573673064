import { fork } from 'node:child_process'
import type { CapturedProfile, ProfilerSettings } from '../profile/inspector-profiler.js'
import type { VariantContext } from '../scenario/scenario.js'
import type { RoundReply, RoundRequest } from './child-protocol.js'
import type { RoundOutcome } from './execute-round.js'

export interface ChildRoundOptions {
  scenarioFile: string
  scenarioId: string
  fixture: unknown
  context: VariantContext
  sourceVariant?: string
  /** Node flags for the child, e.g. a TypeScript loader (`--import tsx`). */
  execArgv: string[]
  timeoutMs: number
}

const CHILD_ENTRY = new URL(`./round-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)
const OUTPUT_TAIL_BYTES = 4000

function tail(text: string): string {
  return text.length > OUTPUT_TAIL_BYTES ? `…${text.slice(-OUTPUT_TAIL_BYTES)}` : text
}

/** Runs one round in a fresh Node process and resolves with its outcome; never rejects. */
export async function runRoundInChild(options: ChildRoundOptions): Promise<RoundOutcome> {
  return (await forkRound(options)).outcome
}

/**
 * A profiling round in a fresh process: the child records the measured work through the
 * inspector and sends the profile back with the outcome (null when the work never ran).
 */
export async function runProfiledRoundInChild(
  options: ChildRoundOptions & { profile: ProfilerSettings },
): Promise<{ outcome: RoundOutcome; capture: CapturedProfile | null }> {
  const reply = await forkRound(options)
  return { outcome: reply.outcome, capture: reply.capture ?? null }
}

function forkRound(options: ChildRoundOptions & { profile?: ProfilerSettings }): Promise<Omit<RoundReply, 'type'>> {
  return new Promise((resolve) => {
    let output = ''
    let settled = false
    const child = fork(CHILD_ENTRY, [], {
      execArgv: options.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, DYNO_ROUND_CHILD: '1' },
    })
    const collect = (chunk: Buffer) => {
      output = tail(output + chunk.toString('utf8'))
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    const finish = (outcome: RoundOutcome, capture?: CapturedProfile) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(capture === undefined ? { outcome } : { outcome, capture })
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      finish({
        status: 'errored',
        error: { name: 'RoundTimeout', message: `the round did not finish within ${options.timeoutMs} ms and was stopped` },
      })
    }, options.timeoutMs)
    child.on('message', (message: RoundReply) => {
      if (message.type === 'round-outcome') finish(message.outcome, message.capture)
    })
    child.on('error', (error) =>
      finish({ status: 'errored', error: { name: error.name, message: `could not run the round's child process: ${error.message}` } }),
    )
    child.on('exit', (code, signal) => {
      finish({
        status: 'errored',
        error: {
          name: 'RoundProcessExited',
          message: `the round's child process exited (${signal ?? `code ${code}`}) before reporting${output.trim() ? `; its output ended with:\n${output.trim()}` : ''}`,
        },
      })
    })
    const request: RoundRequest = {
      type: 'run-round',
      scenarioFile: options.scenarioFile,
      scenarioId: options.scenarioId,
      fixture: options.fixture,
      context: options.context,
      ...(options.sourceVariant !== undefined ? { sourceVariant: options.sourceVariant } : {}),
      ...(options.profile !== undefined ? { profile: options.profile } : {}),
    }
    try {
      child.send(request)
    } catch (error) {
      child.kill('SIGKILL')
      finish({
        status: 'errored',
        error: {
          name: 'DataCloneError',
          message: `the scenario's fixture cannot be sent to a child process (${error instanceof Error ? error.message : String(error)}); setup() must return plain data when rounds run isolated`,
        },
      })
    }
  })
}
