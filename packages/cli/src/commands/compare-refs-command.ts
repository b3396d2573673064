import { realpathSync } from 'node:fs'
import path from 'node:path'
import {
  collectFingerprint,
  type DescribedScenario,
  type DescribeReply,
  DYNO_VERSION,
  DynoError,
  type Fingerprint,
  formatShard,
  inShard,
  newRunId,
  type RefRecord,
  type ResultFile,
  resolvedFromDescription,
  runRefSession,
  type Shard,
  type SkippedScenario,
  stats,
  writeResultFile,
  writeRunMeta,
} from '@dyno/core'
import { EXIT } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { describeRequirement, unmetRequirements } from '../load/check-requirements.js'
import { selectIds } from '../load/select-scenarios.js'
import { ProgressReporter } from '../progress/progress-reporter.js'
import { type PreparedBuild, prepareBuild, resolveCacheDir } from '../refs/build-cache.js'
import { repoRoot } from '../refs/git-repo.js'
import { presentRefComparison, type RefOutputOptions } from '../refs/present-ref-comparison.js'
import { locateProject, type RefSide, refLabel, refRecord, resolveSides } from '../refs/ref-sides.js'
import { type BuildHarness, describeBuild, findBuildDyno, runRoundInBuild } from '../refs/round-client.js'
import { reportsRoot } from '../report/reports-location.js'
import { resultsRoot } from '../results/results-location.js'
import { EXIT_INTERRUPTED } from './run-command.js'

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
}

/** Micro rounds are short; a round process that takes this long is stuck. */
const MICRO_ROUND_TIMEOUT_MS = 120_000
const JOB_ROUND_TIMEOUT_MS = 600_000

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
  const location = locateProject(root, io.cwd)
  const paths = scenarioPaths(options.scenarios ?? [], io.cwd, root)
  const sides = resolveSides({
    root,
    baseRef,
    headRef,
    includeDirty: options.includeDirty === true,
    outputDirs: [resultsDir, reportsRoot(io.cwd, options.reports, io.env)],
  })
  const log = (line: string) => io.err(`${line}\n`)
  const label = (side: RefSide) => `${side.role}: ${refLabel(side)}`
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
    const build = async (side: RefSide): Promise<PreparedBuild> => {
      const existing = builds.get(side.sourceId)
      if (existing !== undefined) {
        log(`${label(side)}: same source as the other side, same build`)
        return existing
      }
      const prepared = await prepareBuild({
        repoRoot: root,
        projectPath: location.projectPath,
        commit: side.checkout,
        sourceId: side.sourceId,
        label: label(side),
        cacheDir,
        useCache: options.cache !== false,
        log,
        env: io.env,
      })
      builds.set(side.sourceId, prepared)
      return prepared
    }
    const harnessOf = (side: RefSide, prepared: PreparedBuild): BuildHarness => ({
      label: label(side),
      bin: findBuildDyno(path.join(prepared.root, location.projectPath), label(side)),
      cwd: path.join(prepared.root, location.cwdPath),
      env: io.env,
    })
    const harness = {
      base: harnessOf(sides.base, await build(sides.base)),
      head: harnessOf(sides.head, await build(sides.head)),
    }
    const describeRequest = { scenarioPaths: paths, threshold: options.threshold ?? null }
    const described = {
      base: await describeBuild(harness.base, describeRequest),
      head: await describeBuild(harness.head, describeRequest),
    }
    const headProblems = described.head.reply.problems
    if (headProblems.length > 0) {
      // As `dyno run` on HEAD would: nothing is measured until HEAD's scenarios are valid.
      throw new DynoError(
        'scenarios-invalid',
        `${harness.head.label}: ${headProblems.length} problem${headProblems.length === 1 ? '' : 's'} in the scenario definitions`,
        {
          details: headProblems.map((p) => `${p.file}${p.scenarioId ? ` (${p.scenarioId})` : ''}: ${p.message}`),
          hint: 'fix the scenario files listed above; nothing was run',
        },
      )
    }
    const notes = described.base.reply.problems.map(
      (p) =>
        `${harness.base.label} could not use ${p.file}${p.scenarioId ? ` (${p.scenarioId})` : ''}: ${p.message}; its scenarios run on HEAD alone`,
    )
    const byId = (reply: DescribeReply) => new Map(reply.scenarios.map((s) => [s.record.id, s]))
    const baseById = byId(described.base.reply)
    const headById = byId(described.head.reply)
    const allIds = [...headById.keys(), ...[...baseById.keys()].filter((id) => !headById.has(id))]
    const selected = selectIds(allIds, ids)
    const mine = selected.filter((id) => inShard(id, options.shard))
    const added = mine.filter((id) => !baseById.has(id))
    const removed = mine.filter((id) => !headById.has(id))
    const refs: { base: RefRecord; head: RefRecord } = {
      base: refRecord(sides.base, described.base.hello.dynoVersion),
      head: refRecord(sides.head, described.head.hello.dynoVersion),
    }
    const skipped: SkippedScenario[] = []
    const toRun: { head: DescribedScenario; base: DescribedScenario | null }[] = []
    const progress = new ProgressReporter(io)
    for (const id of mine) {
      const head = headById.get(id)
      if (head === undefined) continue
      const unmet = unmetRequirements(head.record.requires, io.env)
      if (unmet.length > 0) {
        const reason = `needs ${unmet.map((u) => `${describeRequirement(u.requirement)} (${u.detail})`).join(', ')}`
        progress.onScenarioSkipped({ scenarioId: id, reason })
        skipped.push({ scenarioId: id, reason })
        continue
      }
      toRun.push({ head, base: baseById.get(id) ?? null })
    }
    if (options.shard !== undefined) {
      log(`shard ${formatShard(options.shard)}: ${mine.length} of ${selected.length} selected scenario${selected.length === 1 ? '' : 's'}`)
    }

    // The suite's Holm family spans every selected scenario (every shard's), so each session
    // samples long enough for a verdict to be reachable among all of them.
    const familySize = selected.reduce((sum, id) => {
      const head = headById.get(id)
      const base = baseById.get(id)
      if (head === undefined || base === undefined) return sum
      const common = head.variants.filter((v) => base.variants.some((b) => b.name === v.name)).length
      return sum + common * head.record.metrics.filter((m) => m.gated).length
    }, 0)
    const runId = newRunId()
    const runDir = path.join(resultsDir, runId)
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
    const results: { base: ResultFile[]; head: ResultFile[] } = { base: [], head: [] }
    for (const [index, { head, base }] of toRun.entries()) {
      if (abort.signal.aborted) break
      const id = head.record.id
      const scenarioSeed = (seed ^ stats.seedFromString(id)) >>> 0
      const runner = head.record.runner
      const timeoutMs =
        runner.kind === 'micro'
          ? MICRO_ROUND_TIMEOUT_MS
          : Number(runner.options.roundTimeoutMs ?? JOB_ROUND_TIMEOUT_MS) || JOB_ROUND_TIMEOUT_MS
      const here = collectFingerprint({ cwd: io.cwd })
      const session = await runRefSession({
        runId,
        seed: scenarioSeed,
        quick: options.quick === true,
        ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
        ...(options.minRounds !== undefined ? { minRounds: options.minRounds } : {}),
        ...(options.maxRounds !== undefined ? { maxRounds: options.maxRounds } : {}),
        ...(options.timeBudget !== undefined ? { timeBudgetMs: options.timeBudget } : {}),
        base: base === null ? null : resolvedFromDescription(base),
        head: resolvedFromDescription(head),
        refs,
        environments: {
          base: sideFingerprint(here, sides.base, refs.base.dynoVersion),
          head: sideFingerprint(here, sides.head, refs.head.dynoVersion),
        },
        runArm: ({ arm, calibration }) => {
          const record = arm.side === 'base' ? (base as DescribedScenario).record : head.record
          return runRoundInBuild(
            harness[arm.side],
            {
              scenarioFile: record.sourceFile ?? '',
              scenarioId: id,
              variant: arm.variant,
              quick: options.quick === true,
              seed: scenarioSeed,
              calibration,
            },
            timeoutMs,
          )
        },
        familySize,
        signal: abort.signal,
        reporter: progress,
        index,
        total: toRun.length,
      })
      if (session.base !== null) results.base.push(session.base)
      results.head.push(session.head)
      if (session.base !== null) await writeResultFile(path.join(runDir, 'base'), session.base)
      const file = await writeResultFile(path.join(runDir, 'head'), session.head)
      progress.onScenarioEnd(session.head, path.relative(io.cwd, file) || file)
    }
    await writeRunMeta(runDir, {
      kind: 'dyno-run-meta',
      metaVersion: 1,
      runId,
      command: 'compare-refs',
      dynoVersion: DYNO_VERSION,
      createdAt: new Date().toISOString(),
      shard: options.shard ?? null,
      selected,
      skipped,
      git: null,
      refs,
      added,
      removed,
      mergedFrom: [],
    })
    if (toRun.length === 0) {
      const why =
        mine.length === 0
          ? options.shard !== undefined
            ? `shard ${formatShard(options.shard)} has none of the ${selected.length} selected scenarios`
            : 'no scenario was selected'
          : removed.length === mine.length
            ? 'every selected scenario exists on BASE only'
            : 'every selected scenario needs something this machine lacks'
      io.err(`dyno: nothing to measure: ${why}\n`)
    }
    const exitCode = await presentRefComparison({
      command: 'dyno compare-refs',
      runId,
      runDir,
      resultsRoot: resultsDir,
      base: results.base,
      head: results.head,
      refs,
      added,
      removed,
      skipped,
      notes,
      options,
      io,
    })
    if (abort.signal.aborted) return EXIT_INTERRUPTED
    if (ids.length > 0 && toRun.length === 0 && skipped.length > 0) return EXIT.environment
    return exitCode
  } finally {
    process.off('SIGINT', onSignal)
    for (const prepared of builds.values()) await prepared.release()
  }
}
