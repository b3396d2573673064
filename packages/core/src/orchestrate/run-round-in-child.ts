import { fork } from 'node:child_process'
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
export function runRoundInChild(options: ChildRoundOptions): Promise<RoundOutcome> {
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
    const finish = (outcome: RoundOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      finish({
        status: 'errored',
        error: { name: 'RoundTimeout', message: `the round did not finish within ${options.timeoutMs} ms and was stopped` },
      })
    }, options.timeoutMs)
    child.on('message', (message: RoundReply) => {
      if (message.type === 'round-outcome') finish(message.outcome)
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
