import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import {
  type DescribeReply,
  type DescribeRequest,
  DynoError,
  helloRevision,
  isServerMessage,
  PROFILING_REVISION,
  type ProfiledRoundReply,
  type ProfileRoundRequest,
  type ProtocolHello,
  type ProtocolReply,
  type ProtocolRequest,
  profilingRevisionFor,
  ROUND_COMMAND,
  ROUND_PROTOCOL_VERSION,
  type RoundReply,
  type RoundRequest,
  SERVER_PROFILING_REVISION,
} from '@dyno/core'

/**
 * The client side of the round protocol (core refs/round-protocol.ts): starts the dyno of one
 * build as `node <its dyno.js> __round` in that build's directory, checks the version it
 * speaks, sends one request and returns its reply. A build that does not speak this
 * protocol is refused with a usage error (exit 2) that names the side — never measured
 * with the wrong harness.
 */
export interface BuildHarness {
  /** "BASE origin/main (1a2b3c4)": how messages name the side. */
  label: string
  /** The build's dyno launcher (…/node_modules/@dyno/cli/bin/dyno.js). */
  bin: string
  /** Working directory of the build's processes: the same place in the checkout as the user's cwd in theirs. */
  cwd: string
  env: NodeJS.ProcessEnv
}

const OUTPUT_TAIL_CHARS = 4000
/** Starting Node, the harness and tsx on a loaded 2-core machine can take seconds; a minute means stuck. */
const HELLO_TIMEOUT_MS = 60_000
/** After its reply, a round process gets this long to exit before it is killed (so rounds never overlap). */
const EXIT_GRACE_MS = 3_000

/** The build's @dyno/cli launcher, found the way Node would resolve the package from the project. */
export function findBuildDyno(projectDir: string, label: string): string {
  const require = createRequire(path.join(projectDir, 'noop.js'))
  for (const dir of require.resolve.paths('@dyno/cli') ?? []) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, '@dyno', 'cli', 'package.json'), 'utf8')) as { bin?: unknown }
      const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin as Record<string, unknown> | undefined)?.dyno
      if (typeof bin === 'string') return path.join(dir, '@dyno', 'cli', bin)
    } catch {
      // not installed here; keep walking up, as Node does
    }
  }
  throw new DynoError('build-has-no-dyno', `${label}: the build has no @dyno/cli installed`, {
    hint: 'compare-refs runs each side with its own dyno: both commits need @dyno/cli in their package.json (e.g. as a devDependency)',
  })
}

type Exchange =
  | { kind: 'reply'; hello: ProtocolHello; reply: ProtocolReply }
  | { kind: 'no-hello'; why: string; output: string }
  | { kind: 'wrong-version'; hello: ProtocolHello }
  | { kind: 'too-old'; hello: ProtocolHello; revision: number }
  | { kind: 'no-reply'; why: string; output: string }

/** The revision a request type needs the server to have announced. */
function revisionFor(request: ProtocolRequest): number {
  return request.type === 'profile-round' ? PROFILING_REVISION : 1
}

/**
 * One request to a fresh server process. Each gets a scratch directory (DYNO_ROUND_SCRATCH)
 * that is removed once the process is gone, whatever the code under test did. The request is
 * sent only to a server that announced `revision` (at least the request type's).
 */
async function exchange(
  harness: BuildHarness,
  request: ProtocolRequest,
  timeoutMs: number,
  revision = revisionFor(request),
): Promise<Exchange> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'dyno-round-'))
  try {
    return await exchangeIn(harness, request, timeoutMs, scratch, revision)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

function exchangeIn(
  harness: BuildHarness,
  request: ProtocolRequest,
  timeoutMs: number,
  scratch: string,
  revision: number,
): Promise<Exchange> {
  return new Promise((resolve) => {
    let output = ''
    let hello: ProtocolHello | null = null
    let outcome: Exchange | null = null
    let exited = false
    const child = spawn(process.execPath, [harness.bin, ROUND_COMMAND], {
      cwd: harness.cwd,
      env: { ...harness.env, DYNO_ROUND_SERVER: '1', DYNO_ROUND_SCRATCH: scratch },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
      // Its own process group: a Ctrl-C in the terminal reaches the orchestrator, which
      // lets the round finish, instead of killing the round and recording it as a crash.
      detached: true,
    })
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    const kill = () => {
      if (!exited) child.kill('SIGKILL')
    }
    const settle = (result: Exchange) => {
      if (outcome !== null) return
      outcome = result
      clearTimeout(helloTimer)
      clearTimeout(replyTimer)
      // Resolve only once the process is gone, so the next round never overlaps this one.
      if (exited) resolve(result)
      else {
        const grace = setTimeout(kill, EXIT_GRACE_MS)
        child.once('exit', () => {
          clearTimeout(grace)
          resolve(result)
        })
      }
    }
    const helloTimer = setTimeout(() => {
      settle({ kind: 'no-hello', why: `it did not answer within ${HELLO_TIMEOUT_MS / 1000} s`, output })
      kill()
    }, HELLO_TIMEOUT_MS)
    let replyTimer: NodeJS.Timeout | undefined
    child.on('message', (message: unknown) => {
      if (!isServerMessage(message)) return
      if (hello === null) {
        if (message.type !== 'hello') {
          settle({ kind: 'no-hello', why: `its first message was '${message.type}', not a hello`, output })
          kill()
          return
        }
        hello = message
        clearTimeout(helloTimer)
        if (message.protocol !== ROUND_PROTOCOL_VERSION) {
          settle({ kind: 'wrong-version', hello: message })
          kill()
          return
        }
        // A request the server's revision does not know is never sent: it would be refused at best.
        if (helloRevision(message) < revision) {
          settle({ kind: 'too-old', hello: message, revision })
          kill()
          return
        }
        replyTimer = setTimeout(() => {
          settle({ kind: 'no-reply', why: `it did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, output })
          kill()
        }, timeoutMs)
        try {
          child.send(request)
        } catch (error) {
          settle({
            kind: 'no-reply',
            why: `it could not be sent the request (${error instanceof Error ? error.message : String(error)})`,
            output,
          })
          kill()
        }
        return
      }
      if (message.type !== 'hello') settle({ kind: 'reply', hello, reply: message })
    })
    child.on('error', (error) => {
      exited = true
      settle({ kind: 'no-hello', why: `it could not be started (${error.message})`, output })
    })
    child.on('exit', (code, signal) => {
      exited = true
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`
      if (hello === null) settle({ kind: 'no-hello', why: `it ${how} before saying hello`, output })
      else settle({ kind: 'no-reply', why: `it ${how} before replying`, output })
    })
  })
}

function excerpt(output: string): string {
  const lines = output.trim().split('\n').filter(Boolean)
  return lines.length === 0 ? '' : `: "${lines.slice(-3).join(' / ')}"`
}

function protocolRefusal(harness: BuildHarness, result: Exchange): DynoError {
  if (result.kind === 'too-old') return profilingUnsupported(harness, result.hello, result.revision)
  if (result.kind === 'wrong-version') {
    return new DynoError(
      'round-protocol-mismatch',
      `${harness.label}: its dyno ${result.hello.dynoVersion} speaks round protocol ${result.hello.protocol}, this dyno speaks ${ROUND_PROTOCOL_VERSION}`,
      {
        hint: 'run compare-refs with a dyno that speaks the same round protocol as both builds (upgrade the older side, or run the newer dyno)',
      },
    )
  }
  const why = result.kind === 'no-hello' || result.kind === 'no-reply' ? `${result.why}${excerpt(result.output)}` : ''
  return new DynoError(
    'round-protocol-missing',
    `${harness.label}: its dyno does not serve the round protocol compare-refs needs (\`dyno ${ROUND_COMMAND}\`: ${why})`,
    {
      hint: 'compare-refs runs each side with its own dyno, which must be a dyno with compare-refs; compare a newer commit, or measure both commits with `dyno run` and compare the runs with `dyno compare`',
    },
  )
}

/** Asks a build for its scenarios. Throws a usage error if it does not speak the protocol. */
export async function describeBuild(
  harness: BuildHarness,
  request: Omit<DescribeRequest, 'type' | 'protocol'>,
): Promise<{ hello: ProtocolHello; reply: DescribeReply }> {
  const result = await exchange(harness, { type: 'describe', protocol: ROUND_PROTOCOL_VERSION, ...request }, 10 * 60_000)
  if (result.kind !== 'reply') throw protocolRefusal(harness, result)
  if (result.reply.type === 'refused') {
    throw new DynoError('round-refused', `${harness.label}: its dyno refused to describe its scenarios: ${result.reply.reason}`)
  }
  if (result.reply.type !== 'described')
    throw protocolRefusal(harness, { kind: 'no-reply', why: 'it sent a reply of the wrong kind', output: '' })
  return { hello: result.hello, reply: result.reply }
}

/**
 * Whether a build's dyno (by the hello it sent) answers profiling rounds — of scenarios of the
 * given runner kind, when one is given: http-load scenarios need a newer revision, whose
 * profiling rounds profile the server's process (profilingRevisionFor).
 */
export function buildCanProfile(hello: ProtocolHello, runnerKind?: string): boolean {
  const needed = runnerKind === undefined ? PROFILING_REVISION : profilingRevisionFor(runnerKind)
  return hello.protocol === ROUND_PROTOCOL_VERSION && helloRevision(hello) >= needed
}

/** Why a build cannot be profiled: its dyno predates profiling rounds (or, for http-load, server profiling in them). */
export function profilingUnsupported(
  harness: Pick<BuildHarness, 'label'>,
  hello: ProtocolHello,
  revision: number = PROFILING_REVISION,
): DynoError {
  const what = revision >= SERVER_PROFILING_REVISION ? "profiling an http-load scenario's server needs" : 'profiling rounds need'
  return new DynoError(
    'round-profiling-unsupported',
    `${harness.label} cannot be profiled: its dyno ${hello.dynoVersion} speaks round protocol ${hello.protocol} revision ${helloRevision(hello)}, and ${what} revision ${revision}`,
    { hint: 'its scenarios are still measured and compared; to profile that side, compare a commit whose dyno is newer' },
  )
}

/**
 * A request that runs the code under test: a round that crashes its process or runs over its
 * time is the code's failure, not the protocol's, and comes back as an errored outcome.
 */
async function roundExchange(
  harness: BuildHarness,
  request: RoundRequest | ProfileRoundRequest,
  timeoutMs: number,
  revision = revisionFor(request),
): Promise<{ outcome: RoundReply['outcome'] } | ProtocolReply> {
  const result = await exchange(harness, request, timeoutMs, revision)
  if (result.kind === 'no-hello' || result.kind === 'wrong-version' || result.kind === 'too-old') throw protocolRefusal(harness, result)
  if (result.kind === 'no-reply') {
    const name = result.why.includes('did not finish') ? 'RoundTimeout' : 'RoundProcessExited'
    const tail = result.output.trim()
    return {
      outcome: {
        status: 'errored',
        error: { name, message: `the round's process ${result.why.replace(/^it /, '')}${tail ? `; its output ended with:\n${tail}` : ''}` },
      },
    }
  }
  if (result.reply.type === 'refused')
    return { outcome: { status: 'errored', error: { name: 'RoundRefused', message: result.reply.reason } } }
  return result.reply
}

/**
 * Runs one round in a fresh process of the build. A round that crashes its process or runs
 * over its time is recorded as `errored` and the session goes on.
 */
export async function runRoundInBuild(
  harness: BuildHarness,
  request: Omit<RoundRequest, 'type' | 'protocol'>,
  timeoutMs: number,
): Promise<RoundReply> {
  const reply = await roundExchange(harness, { type: 'round', protocol: ROUND_PROTOCOL_VERSION, ...request }, timeoutMs)
  if (!('type' in reply)) return { type: 'outcome', outcome: reply.outcome, calibration: request.calibration, warnings: [] }
  if (reply.type !== 'outcome') throw protocolRefusal(harness, { kind: 'no-reply', why: 'it sent a reply of the wrong kind', output: '' })
  return reply
}

/**
 * Runs one profiling round of a scenario of the given runner kind in a fresh process of the
 * build. Throws (code 'round-profiling-unsupported') when the build's dyno predates profiling
 * rounds, or profiling that kind's work where it runs (http-load); callers check
 * buildCanProfile first and leave such a side out with a notice.
 */
export async function runProfileRoundInBuild(
  harness: BuildHarness,
  request: Omit<ProfileRoundRequest, 'type' | 'protocol'>,
  timeoutMs: number,
  runnerKind: string,
): Promise<ProfiledRoundReply> {
  const reply = await roundExchange(
    harness,
    { type: 'profile-round', protocol: ROUND_PROTOCOL_VERSION, ...request },
    timeoutMs,
    profilingRevisionFor(runnerKind),
  )
  if (!('type' in reply)) return { type: 'profiled', outcome: reply.outcome, calibration: request.calibration, captures: [], warnings: [] }
  if (reply.type !== 'profiled') throw protocolRefusal(harness, { kind: 'no-reply', why: 'it sent a reply of the wrong kind', output: '' })
  return reply
}
