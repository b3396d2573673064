import { spawn, spawnSync } from 'node:child_process'
import { access, constants, mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * clinic.js (`clinic doctor`, `clinic flame`) as an optional extra for `dyno profile`. It is
 * never a dependency: it is unmaintained, pulls in ~700 packages, and breaks on Node ≥ 21.7.
 * dyno looks for a `clinic` on PATH (or in the project's node_modules/.bin), says what it
 * found, and runs it only when asked. clinic asks for analytics consent and, outside a
 * terminal, silently does nothing unless NO_INSIGHT is set, so dyno always sets it (and
 * NO_UPDATE_NOTIFIER). bubbleprof hangs on Node 20 and is not offered.
 *
 * clinic starts the process it watches, so a scenario cannot be handed to it the way isolated
 * rounds get their fixture: clinic-child.ts sets the scenario up itself and runs the rounds.
 */
export type ClinicTool = 'doctor' | 'flame'

export type ClinicState =
  | { state: 'available'; path: string; version: string }
  | { state: 'missing' }
  | { state: 'unusable'; path: string | null; reason: string }

export interface ClinicRequest {
  scenarioFile: string
  scenarioId: string
  variant: string
  rounds: number
  quick: boolean
  seed: number
}

const CHILD_ENTRY = new URL(`./clinic-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)

/** The environment clinic needs to run unattended. */
export function clinicEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NO_INSIGHT: '1', NO_UPDATE_NOTIFIER: '1' }
}

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Node versions clinic 13 is known to work on: it breaks from 21.7 on. */
export function clinicSupportsNode(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  return major < 21 || (major === 21 && minor < 7)
}

export async function detectClinic(options: { env: NodeJS.ProcessEnv; cwd: string; nodeVersion?: string }): Promise<ClinicState> {
  const dirs = [path.join(options.cwd, 'node_modules', '.bin'), ...(options.env.PATH ?? '').split(path.delimiter).filter(Boolean)]
  let found: string | null = null
  for (const dir of dirs) {
    const candidate = path.join(dir, 'clinic')
    if (await executable(candidate)) {
      found = candidate
      break
    }
  }
  if (found === null) return { state: 'missing' }
  const node = options.nodeVersion ?? process.version
  if (!clinicSupportsNode(node)) {
    return { state: 'unusable', path: found, reason: `clinic is known to break on Node ≥ 21.7, and this is Node ${node}` }
  }
  const probe = spawnSync(found, ['--version'], { env: clinicEnv(options.env), encoding: 'utf8', timeout: 20_000 })
  const version = `${probe.stdout ?? ''}`.trim().split('\n').pop() ?? ''
  if (probe.status !== 0 || version === '') {
    const why = probe.error?.message ?? (`${probe.stderr ?? ''}`.trim().split('\n')[0] || `exit code ${probe.status}`)
    return { state: 'unusable', path: found, reason: `\`clinic --version\` failed: ${why}` }
  }
  return { state: 'available', path: found, version: version.replace(/^v/, '') }
}

/** One line for the user about clinic, whatever its state. */
export function clinicNotice(state: ClinicState): string {
  switch (state.state) {
    case 'available':
      return `clinic ${state.version} is installed (${state.path}): add --clinic doctor or --clinic flame for its reports`
    case 'missing':
      return 'clinic is not installed (optional): `npm i -g clinic`, then `dyno profile ID --clinic doctor|flame`; dyno runs it with NO_INSIGHT=1'
    case 'unusable':
      return `clinic cannot be used: ${state.reason}`
  }
}

export interface ClinicRun {
  tool: ClinicTool
  clinicPath: string
  request: ClinicRequest
  /** Directory for clinic's output (its data and the HTML report). */
  dest: string
  /** Node flags for the watched process (e.g. a TypeScript loader). */
  execArgv: string[]
  env: NodeJS.ProcessEnv
  timeoutMs: number
}

export type ClinicOutcome = { status: 'ok'; html: string } | { status: 'failed'; reason: string }

/** Runs clinic on one variant; resolves with its HTML report or why there is none. Never rejects. */
export async function runClinic(run: ClinicRun): Promise<ClinicOutcome> {
  await rm(run.dest, { recursive: true, force: true })
  await mkdir(run.dest, { recursive: true })
  const requestFile = path.join(run.dest, 'dyno-request.json')
  await writeFile(requestFile, JSON.stringify(run.request), 'utf8')
  const args = [
    run.tool,
    '--open=false',
    '--dest',
    run.dest,
    '--',
    process.execPath,
    ...run.execArgv,
    fileURLToPath(CHILD_ENTRY),
    requestFile,
  ]
  const outcome = await new Promise<{ code: number | null; output: string; timedOut: boolean }>((resolve) => {
    let output = ''
    let timedOut = false
    // Its own process group, so a timeout stops clinic and the process it watches together.
    const child = spawn(run.clinicPath, args, { env: clinicEnv(run.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    const timer = setTimeout(() => {
      timedOut = true
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    }, run.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: null, output: error.message, timedOut })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output, timedOut })
    })
  })
  if (outcome.timedOut)
    return { status: 'failed', reason: `clinic ${run.tool} did not finish within ${Math.round(run.timeoutMs / 1000)} s and was stopped` }
  const html = (await readdir(run.dest)).find((f) => f.endsWith('.html'))
  if (outcome.code !== 0 || html === undefined) {
    const last = outcome.output.trim().split('\n').slice(-3).join(' / ')
    return { status: 'failed', reason: `clinic ${run.tool} exited with code ${outcome.code} and wrote no report${last ? `: ${last}` : ''}` }
  }
  return { status: 'ok', html: path.join(run.dest, html) }
}
