import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { DynoError, writeJsonAtomic } from '@dyno/core'
import { addWorktree, fileInCommit, pruneWorktrees, unregisterWorktree } from './git-repo.js'

/**
 * Builds of a commit for compare-refs: the commit checked out as a git worktree outside the
 * user's working tree, installed (`npm ci`, or `npm install` without a lockfile) and built
 * (`npm run build --if-present`) once, then kept.
 *
 * Cache layout, under the cache directory (`--cache-dir`, $DYNO_CACHE_DIR,
 * $XDG_CACHE_HOME/dyno or ~/.cache/dyno):
 *
 *   builds/<key>/        the checkout with its node_modules and build output
 *   builds/<key>.json    written last, atomically: the build is complete (BuildRecord)
 *   builds/<key>.log     output of install and build
 *   builds/<key>.lock/   held while a dyno makes or checks this build (pid inside)
 *
 * The key covers everything that changes what a build contains: the source (commit id, or
 * the tree id of a dirty working tree), the project's directory in the repository, the
 * lockfile's hash, the Node ABI, platform and architecture, and this recipe's version. A
 * second comparison of the same commits finds `<key>.json` and skips checkout, install and
 * build. The worktree is unregistered as soon as the build is made (its files stay), so
 * `git worktree list` never shows dyno's checkouts.
 */
export const BUILD_RECIPE_VERSION = 1

export interface BuildRecord {
  buildFormat: typeof BUILD_RECIPE_VERSION
  key: string
  sourceId: string
  commit: string
  projectPath: string
  lockfileSha256: string | null
  install: string
  node: string
  createdAt: string
  installMs: number
  buildMs: number
}

export interface BuildRequest {
  repoRoot: string
  /** The project (package.json, lockfile) relative to the repository root; '' for the root. */
  projectPath: string
  /** The commit to check out. */
  commit: string
  /** What the build is of: the commit id, or a dirty snapshot's tree id. */
  sourceId: string
  /** For messages: e.g. "BASE origin/main (1a2b3c4)". */
  label: string
  cacheDir: string
  /** false with --no-cache: build in a temporary directory and remove it afterwards. */
  useCache: boolean
  /** Progress lines for stderr. */
  log: (line: string) => void
  env: NodeJS.ProcessEnv
}

export interface PreparedBuild {
  /** The checkout's root directory. */
  root: string
  key: string
  cached: boolean
  /** Removes a --no-cache build; a cached build stays. */
  release(): Promise<void>
}

export function resolveCacheDir(option: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  if (option !== undefined) return path.resolve(cwd, option)
  if (env.DYNO_CACHE_DIR) return path.resolve(cwd, env.DYNO_CACHE_DIR)
  if (env.XDG_CACHE_HOME) return path.join(path.resolve(env.XDG_CACHE_HOME), 'dyno')
  return path.join(os.homedir(), '.cache', 'dyno')
}

export function buildsDir(cacheDir: string): string {
  return path.join(cacheDir, 'builds')
}

export function buildKey(request: Pick<BuildRequest, 'sourceId' | 'projectPath'>, lockfileSha256: string | null): string {
  const identity = [
    `recipe ${BUILD_RECIPE_VERSION}`,
    `source ${request.sourceId}`,
    `project ${request.projectPath}`,
    `lockfile ${lockfileSha256 ?? 'none'}`,
    `node-abi ${process.versions.modules}`,
    `${process.platform}-${process.arch}`,
  ].join('\n')
  return `${request.sourceId.slice(0, 12)}-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`
}

/**
 * npm variables that an outer `npm exec`/`npx`/`npm run` sets for its own project. Passed on,
 * they would point the build's npm at the user's project instead of the checkout.
 */
function npmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase()
    if (lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_')) continue
    if (['npm_command', 'npm_config_call', 'npm_config_local_prefix', 'npm_config_prefix', 'init_cwd'].includes(lower)) continue
    out[name] = value
  }
  return out
}

function run(command: string, args: string[], cwd: string, logFile: string, env: NodeJS.ProcessEnv): Promise<number | string> {
  return new Promise((resolve) => {
    const log = createWriteStream(logFile, { flags: 'a' })
    log.write(`$ ${command} ${args.join(' ')}   (in ${cwd})\n`)
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.pipe(log, { end: false })
    child.stderr.pipe(log, { end: false })
    child.on('error', (error) => log.end(() => resolve(error.message)))
    child.on('close', (code, signal) => log.end(() => resolve(code ?? `killed by ${signal}`)))
  })
}

async function tail(file: string, lines: number): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-lines)
  } catch {
    return []
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  )
}

async function readRecord(file: string): Promise<BuildRecord | null> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as BuildRecord
    return record.buildFormat === BUILD_RECIPE_VERSION ? record : null
  } catch {
    return null
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
}

const LOCK_WAIT_MS = 30 * 60_000

/**
 * One dyno at a time makes a given build; others wait for it and then use it. A lock whose
 * owner died (Ctrl-C twice, a crash) is taken over, and the half-made build it left redone.
 */
async function withLock<T>(lockDir: string, request: BuildRequest, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  let announced = false
  for (;;) {
    try {
      await mkdir(lockDir)
      await writeFile(path.join(lockDir, 'pid'), String(process.pid))
      break
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error
      const pid = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => 'NaN'))
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
        await rm(lockDir, { recursive: true, force: true })
        continue
      }
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new DynoError('build-locked', `${request.label}: another dyno has been making the same build for 30 minutes`, {
          exitKind: 'environment',
          hint: `if no other dyno is running, remove ${lockDir}`,
        })
      }
      if (!announced) {
        request.log(`${request.label}: waiting for another dyno${Number.isInteger(pid) ? ` (pid ${pid})` : ''} making the same build`)
        announced = true
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  try {
    return await work()
  } finally {
    await rm(lockDir, { recursive: true, force: true })
  }
}

async function makeBuild(request: BuildRequest, dir: string, logFile: string, lockfile: string | null): Promise<BuildRecord> {
  const project = path.join(dir, request.projectPath)
  const env = npmEnv(request.env)
  const install = lockfile !== null ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund', '--no-package-lock']
  // A dyno killed mid-build (Ctrl-C twice) leaves a half-made checkout, still registered:
  // remove it, and let git forget the registration, before checking out afresh.
  await rm(dir, { recursive: true, force: true })
  pruneWorktrees(request.repoRoot)
  await mkdir(path.dirname(dir), { recursive: true })
  await writeFile(logFile, '')
  request.log(`${request.label}: checking out ${request.commit.slice(0, 12)} into ${dir}`)
  addWorktree(request.repoRoot, dir, request.commit)
  try {
    const fail = async (step: string, outcome: number | string): Promise<never> => {
      throw new DynoError(
        'build-failed',
        `${request.label}: \`${step}\` failed (${typeof outcome === 'number' ? `exit code ${outcome}` : outcome})`,
        {
          exitKind: 'environment',
          details: await tail(logFile, 15),
          hint: `the whole log is ${logFile}; fix the build, or check that npm can reach its registry`,
        },
      )
    }
    request.log(`${request.label}: npm ${install[0]}…`)
    const installStarted = performance.now()
    const installed = await run('npm', install, project, logFile, env)
    if (installed !== 0) await fail(`npm ${install[0]}`, installed)
    const installMs = performance.now() - installStarted
    request.log(`${request.label}: npm run build --if-present…`)
    const buildStarted = performance.now()
    const built = await run('npm', ['run', 'build', '--if-present'], project, logFile, env)
    if (built !== 0) await fail('npm run build', built)
    return {
      buildFormat: BUILD_RECIPE_VERSION,
      key: path.basename(dir),
      sourceId: request.sourceId,
      commit: request.commit,
      projectPath: request.projectPath,
      lockfileSha256: lockfile === null ? null : createHash('sha256').update(lockfile).digest('hex'),
      install: `npm ${install.join(' ')}`,
      node: process.version,
      createdAt: new Date().toISOString(),
      installMs,
      buildMs: performance.now() - buildStarted,
    }
  } catch (error) {
    // A failed build leaves nothing behind: no files, no registered worktree.
    await rm(dir, { recursive: true, force: true })
    throw error
  } finally {
    // Keep the files of a good build, drop the registration either way.
    unregisterWorktree(request.repoRoot, dir)
  }
}

export async function prepareBuild(request: BuildRequest): Promise<PreparedBuild> {
  const lockPath = path.posix.join(request.projectPath, 'package-lock.json')
  const lockfile = fileInCommit(request.repoRoot, request.commit, lockPath)
  if (lockfile === null && fileInCommit(request.repoRoot, request.commit, path.posix.join(request.projectPath, 'package.json')) === null) {
    throw new DynoError('no-package-json', `${request.label}: the commit has no ${path.posix.join(request.projectPath, 'package.json')}`, {
      hint: 'compare-refs builds each side with npm; run it from the directory of the npm project whose scenarios you compare',
    })
  }
  const key = buildKey(request, lockfile === null ? null : createHash('sha256').update(lockfile).digest('hex'))
  const builds = buildsDir(request.cacheDir)
  await mkdir(builds, { recursive: true })
  if (!request.useCache) {
    const temp = await mkdtemp(path.join(builds, `uncached-${key}-`))
    const dir = path.join(temp, 'checkout')
    const started = performance.now()
    try {
      await makeBuild(request, dir, path.join(temp, 'build.log'), lockfile)
    } catch (error) {
      await rm(temp, { recursive: true, force: true })
      throw error
    }
    request.log(`${request.label}: built in ${((performance.now() - started) / 1000).toFixed(1)} s (not cached: --no-cache)`)
    return { root: dir, key, cached: false, release: () => rm(temp, { recursive: true, force: true }) }
  }
  const dir = path.join(builds, key)
  const recordFile = `${dir}.json`
  return withLock(`${dir}.lock`, request, async () => {
    const existing = await readRecord(recordFile)
    if (existing !== null && existing.key === key && (await exists(dir))) {
      request.log(`${request.label}: cached build ${key} (no checkout, install or build)`)
      return { root: dir, key, cached: true, release: async () => undefined }
    }
    await rm(recordFile, { force: true })
    const started = performance.now()
    const record = await makeBuild(request, dir, `${dir}.log`, lockfile)
    await writeJsonAtomic(recordFile, record)
    request.log(`${request.label}: built ${key} in ${((performance.now() - started) / 1000).toFixed(1)} s, cached for next time`)
    return { root: dir, key, cached: false, release: async () => undefined }
  })
}
