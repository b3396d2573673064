import { realpathSync } from 'node:fs'
import path from 'node:path'
import {
  collectFingerprint,
  compareRefResults,
  type DescribedScenario,
  type DescribeProblem,
  DYNO_VERSION,
  DynoError,
  type Fingerprint,
  formatShard,
  newRunId,
  type RefRecord,
  type ResultFile,
  resolvedFromDescription,
  runRefSession,
  type Shard,
  stats,
  writeResultFile,
  writeRunMeta,
} from '@dyno/core'
import { EXIT } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { ProgressReporter } from '../progress/progress-reporter.js'
import { type PreparedBuild, prepareBuild, resolveCacheDir } from '../refs/build-cache.js'
import { repoRoot } from '../refs/git-repo.js'
import { planRefScenarios, type RefPlan } from '../refs/plan-ref-scenarios.js'
import { presentRefComparison, type RefOutputOptions } from '../refs/present-ref-comparison.js'
import { profileRefScenarios } from '../refs/profile-ref-scenarios.js'
import { locateProject, type ProjectLocation, type RefSide, refLabel, refRecord, resolveSides } from '../refs/ref-sides.js'
import { type BuildHarness, describeBuild, findBuildDyno, runRoundInBuild } from '../refs/round-client.js'
import { reportsRoot } from '../report/reports-location.js'
import { resultsRoot } from '../results/results-location.js'
import { EXIT_INTERRUPTED, profilePolicy } from './run-command.js'

/**
 * `dyno compare-refs BASE HEAD [ids…]`: is HEAD faster or slower than BASE, and did it break
 * anything? Both refs are built once (and cached), then every selected scenario runs with
 * rounds interleaved across the two builds — each round of each (side, variant) in a fresh
 * process of that side's own dyno — and HEAD is compared with BASE per variant, paired by
 * round, with Holm across the suite. Exit codes as `dyno compare`.
 */
export interface CompareRefsOptions extends RefOutputOptions {
  includeDirty?: boolean
  quick?: boolean
  rounds?: number
  minRounds?: number
  maxRounds?: number
  timeBudget?: number
  seed?: number
  threshold?: number
  scenarios?: string[]
  shard?: Shard
  out?: string
  cacheDir?: string
  /** false with --no-cache. */
  cache?: boolean
  /** --profile: after measuring, profile every variant on both builds. */
  profile?: boolean
  /** false with --no-auto-profile: no profiles on a regressed verdict. */
  autoProfile?: boolean
  /** --heap-profile: profiles also sample allocations. */
  heapProfile?: boolean
  /** --sampling-interval: microseconds between CPU samples. */
  samplingInterval?: number
}

/** Micro rounds are short; a round process that takes this long is stuck. */
const MICRO_ROUND_TIMEOUT_MS = 120_000
const JOB_ROUND_TIMEOUT_MS = 600_000

function roundTimeoutMs(scenario: DescribedScenario): number {
  const runner = scenario.record.runner
  return runner.kind === 'micro'
    ? MICRO_ROUND_TIMEOUT_MS
    : Number(runner.options.roundTimeoutMs ?? JOB_ROUND_TIMEOUT_MS) || JOB_ROUND_TIMEOUT_MS
}

function inside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/** --scenarios paths as the builds must see them: relative to the same place in each checkout. */
function scenarioPaths(paths: readonly string[], cwd: string, root: string): string[] {
  return paths.map((p) => {
    const absolute = path.resolve(cwd, p)
    if (!inside(realpathSync(root), path.resolve(realpathSync(cwd), p))) {
      throw new DynoError('scenario-path-outside-repository', `--scenarios ${p} is outside the repository`, {
        hint: 'compare-refs finds scenarios in each commit, so they must be files of the repository',
      })
    }
    return path.relative(cwd, absolute) || '.'
  })
}

function sideFingerprint(base: Fingerprint, side: RefSide, dynoVersion: string): Fingerprint {
  return {
    ...base,
    git: { sha: side.sha, branch: null, dirty: side.dirty },
    packages: { '@dyno/core': dynoVersion },
  }
}

interface Context {
  root: string
  location: ProjectLocation
  cacheDir: string
  options: CompareRefsOptions
  io: CliIo
  log: (line: string) => void
}

function sideLabel(side: RefSide): string {
  return `${side.role}: ${refLabel(side)}`
}

/** Builds both sides (one build when they are the same source) and finds each build's dyno. */
async function prepareHarnesses(
  sides: { base: RefSide; head: RefSide },
  context: Context,
  builds: Map<string, PreparedBuild>,
): Promise<{ base: BuildHarness; head: BuildHarness }> {
  const { location, io } = context
  const harnessOf = async (side: RefSide): Promise<BuildHarness> => {
    let prepared = builds.get(side.sourceId)
    if (prepared !== undefined) {
      context.log(`${sideLabel(side)}: same source as the other side, same build`)
    } else {
      prepared = await prepareBuild({
        repoRoot: context.root,
        projectPath: location.projectPath,
        commit: side.checkout,
        sourceId: side.sourceId,
        label: sideLabel(side),
        cacheDir: context.cacheDir,
        useCache: context.options.cache !== false,
        log: context.log,
        env: io.env,
      })
      builds.set(side.sourceId, prepared)
    }
    return {
      label: sideLabel(side),
      bin: findBuildDyno(path.join(prepared.root, location.projectPath), sideLabel(side)),
      cwd: path.join(prepared.root, location.cwdPath),
      env: io.env,
    }
  }
  return { base: await harnessOf(sides.base), head: await harnessOf(sides.head) }
}

/**
 * Each build's scenarios. Problems on HEAD stop everything, as `dyno run` on HEAD would
 * (exit 2); problems on BASE only mean those scenarios have nothing to be compared with.
 */
async function describeSides(harness: { base: BuildHarness; head: BuildHarness }, context: Context) {
  const request = {
    scenarioPaths: scenarioPaths(context.options.scenarios ?? [], context.io.cwd, context.root),
    threshold: context.options.threshold ?? null,
  }
  const base = await describeBuild(harness.base, request)
  const head = await describeBuild(harness.head, request)
  const where = (p: DescribeProblem) => `${p.file}${p.scenarioId ? ` (${p.scenarioId})` : ''}`
  const problems = head.reply.problems
  if (problems.length > 0) {
    throw new DynoError(
      'scenarios-invalid',
      `${harness.head.label}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the scenario definitions`,
      {
        details: problems.map((p) => `${where(p)}: ${p.message}`),
        hint: 'fix the scenario files listed above; nothing was run',
      },
    )
  }
  const notes = base.reply.problems.map(
    (p) => `${harness.base.label} could not use ${where(p)}: ${p.message}; its scenarios run on HEAD alone`,
  )
  return { base, head, notes }
}

interface Measurement {
  runId: string
  runDir: string
  plan: RefPlan
  sides: { base: RefSide; head: RefSide }
  refs: { base: RefRecord; head: RefRecord }
  harness: { base: BuildHarness; head: BuildHarness }
  seed: number
  signal: AbortSignal
  progress: ProgressReporter
}

/** One interleaved session per scenario, each side's result written as soon as it is done. */
async function measureScenarios(m: Measurement, context: Context): Promise<{ base: ResultFile[]; head: ResultFile[] }> {
  const { options, io } = context
  const results: { base: ResultFile[]; head: ResultFile[] } = { base: [], head: [] }
  for (const [index, { head, base }] of m.plan.toRun.entries()) {
    if (m.signal.aborted) break
    const id = head.record.id
    // Per-scenario seeds, as `dyno run`: a scenario's schedule does not depend on the others.
    const scenarioSeed = (m.seed ^ stats.seedFromString(id)) >>> 0
    const timeoutMs = roundTimeoutMs(head)
    const here = collectFingerprint({ cwd: io.cwd })
    const session = await runRefSession({
      runId: m.runId,
      seed: scenarioSeed,
      quick: options.quick === true,
      ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
      ...(options.minRounds !== undefined ? { minRounds: options.minRounds } : {}),
      ...(options.maxRounds !== undefined ? { maxRounds: options.maxRounds } : {}),
      ...(options.timeBudget !== undefined ? { timeBudgetMs: options.timeBudget } : {}),
      base: base === null ? null : resolvedFromDescription(base),
      head: resolvedFromDescription(head),
      refs: m.refs,
      environments: {
        base: sideFingerprint(here, m.sides.base, m.refs.base.dynoVersion),
        head: sideFingerprint(here, m.sides.head, m.refs.head.dynoVersion),
      },
      runArm: ({ arm, calibration }) => {
        const record = (arm.side === 'base' ? base : head)?.record
        return runRoundInBuild(
          m.harness[arm.side],
          {
            scenarioFile: record?.sourceFile ?? '',
            scenarioId: id,
            variant: arm.variant,
            quick: options.quick === true,
            seed: scenarioSeed,
            calibration,
          },
          timeoutMs,
        )
      },
      familySize: m.plan.familySize,
      signal: m.signal,
      reporter: m.progress,
      index,
      total: m.plan.toRun.length,
    })
    if (session.base !== null) {
      results.base.push(session.base)
      await writeResultFile(path.join(m.runDir, 'base'), session.base)
    }
    results.head.push(session.head)
    const file = await writeResultFile(path.join(m.runDir, 'head'), session.head)
    m.progress.onScenarioEnd(session.head, path.relative(io.cwd, file) || file)
  }
  return results
}

function nothingToMeasure(plan: RefPlan, shard: Shard | undefined): string {
  if (plan.mine.length === 0) {
    return shard !== undefined
      ? `shard ${formatShard(shard)} has none of the ${plan.selected.length} selected scenarios`
      : 'no scenario was selected'
  }
  return plan.removed.length === plan.mine.length
    ? 'every selected scenario exists on BASE only'
    : 'every selected scenario needs something this machine lacks'
}

export async function compareRefsCommand(
  baseRef: string,
  headRef: string,
  ids: string[],
  options: CompareRefsOptions,
  io: CliIo,
): Promise<number> {
  const root = repoRoot(io.cwd)
  const resultsDir = resultsRoot(io.cwd, options.out, io.env)
  const cacheDir = resolveCacheDir(options.cacheDir, io.env, io.cwd)
  if (inside(root, cacheDir)) {
    throw new DynoError('cache-inside-repository', `the build cache ${cacheDir} is inside the repository ${root}`, {
      hint: 'builds are checked out outside the working tree; pass --cache-dir (or $DYNO_CACHE_DIR) outside it',
    })
  }
  const log = (line: string) => io.err(`${line}\n`)
  const context: Context = { root, location: locateProject(root, io.cwd), cacheDir, options, io, log }
  const sides = resolveSides({
    root,
    baseRef,
    headRef,
    includeDirty: options.includeDirty === true,
    outputDirs: [resultsDir, reportsRoot(io.cwd, options.reports, io.env)],
  })
  log(`dyno compare-refs: ${refLabel(sides.head)} against ${refLabel(sides.base)}`)

  const builds = new Map<string, PreparedBuild>()
  const abort = new AbortController()
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED)
    io.err('\ndyno: stopping after the current round (press Ctrl-C again to quit at once)…\n')
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  try {
    const harness = await prepareHarnesses(sides, context, builds)
    const described = await describeSides(harness, context)
    const refs = {
      base: refRecord(sides.base, described.base.hello.dynoVersion),
      head: refRecord(sides.head, described.head.hello.dynoVersion),
    }
    const plan = planRefScenarios({ base: described.base.reply, head: described.head.reply }, ids, options.shard, io.env)
    const progress = new ProgressReporter(io)
    for (const skip of plan.skipped) progress.onScenarioSkipped(skip)
    if (options.shard !== undefined) {
      log(
        `shard ${formatShard(options.shard)}: ${plan.mine.length} of ${plan.selected.length} selected scenario${plan.selected.length === 1 ? '' : 's'}`,
      )
    }
    const runId = newRunId()
    const runDir = path.join(resultsDir, runId)
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
    const results = await measureScenarios({ runId, runDir, plan, sides, refs, harness, seed, signal: abort.signal, progress }, context)
    const labels = { base: refLabel(refs.base), head: refLabel(refs.head) }
    if (!abort.signal.aborted) {
      // Profiles come after every verdict is known (Holm across the suite), in rounds of their own.
      results.head = await profileRefScenarios({
        policy: profilePolicy(options),
        comparisons: compareRefResults(results.base, results.head, labels, { added: plan.added, removed: plan.removed }).comparisons,
        results,
        toRun: plan.toRun,
        harness,
        hello: { base: described.base.hello, head: described.head.hello },
        runDir,
        seed,
        quick: options.quick === true,
        roundTimeoutMs,
        signal: abort.signal,
        log,
      })
    }
    await writeRunMeta(runDir, {
      kind: 'dyno-run-meta',
      metaVersion: 1,
      runId,
      command: 'compare-refs',
      dynoVersion: DYNO_VERSION,
      createdAt: new Date().toISOString(),
      shard: options.shard ?? null,
      selected: plan.selected,
      skipped: plan.skipped,
      git: null,
      refs,
      added: plan.added,
      removed: plan.removed,
      mergedFrom: [],
    })
    if (plan.toRun.length === 0) io.err(`dyno: nothing to measure: ${nothingToMeasure(plan, options.shard)}\n`)
    const exitCode = await presentRefComparison({
      command: 'dyno compare-refs',
      runId,
      runDir,
      resultsRoot: resultsDir,
      base: results.base,
      head: results.head,
      refs,
      added: plan.added,
      removed: plan.removed,
      skipped: plan.skipped,
      notes: described.notes,
      options,
      io,
    })
    if (abort.signal.aborted) return EXIT_INTERRUPTED
    // Asking by name for scenarios this machine cannot run is an environment failure, as in `dyno run`.
    if (ids.length > 0 && plan.toRun.length === 0 && plan.skipped.length > 0) return EXIT.environment
    return exitCode
  } finally {
    process.off('SIGINT', onSignal)
    for (const prepared of builds.values()) await prepared.release()
  }
}
