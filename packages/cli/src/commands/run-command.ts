import path from 'node:path'
import {
  calibrationAdvice,
  compareWithinRun,
  DynoError,
  gate,
  type LoadedScenario,
  newRunId,
  type ProfilePolicy,
  type ResultFile,
  readCalibration,
  runSuite,
  type Shard,
} from '@dyno/core'
import { claimRows, collectWarnings, renderMarkdown, renderRunSummary } from '@dyno/report'
import { applyProjectBudgets } from '../config/apply-project-budgets.js'
import { loadProject } from '../config/load-project.js'
import { runSettings } from '../config/run-settings.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { describeRequirement, unmetRequirements } from '../load/check-requirements.js'
import { childExecArgv } from '../load/load-scenarios.js'
import { type DatabaseFlags, withConfiguredDatabases } from '../options/database-options.js'
import { databaseSupportFor } from '../options/database-support.js'
import { ProgressReporter } from '../progress/progress-reporter.js'
import { displayPath } from '../report/reports-location.js'
import { writeRunReport } from '../report/write-run-report.js'
import { resultsRoot } from '../results/results-location.js'
import { selectShard, writeShardMeta } from '../shard/run-shard.js'
import { loadSelectedScenarios } from './load-selected.js'

export interface RunOptions extends DatabaseFlags {
  quick?: boolean
  out?: string
  threshold?: number
  seed?: number
  rounds?: number
  minRounds?: number
  maxRounds?: number
  timeBudget?: number
  strict?: boolean
  scenarios?: string[]
  format: 'table' | 'markdown' | 'json'
  /** HTML reports directory (default reports/, or $DYNO_REPORTS_DIR). */
  reports?: string
  /** false with --no-report, true with --report, unset otherwise (then the config decides). */
  report?: boolean
  /** --config: the project's config file, instead of the nearest dyno.config.* */
  config?: string
  /** --profile: profile every variant after measuring. */
  profile?: boolean
  /** false with --no-auto-profile: no profiles on a regressed verdict. */
  autoProfile?: boolean
  /** --heap-profile: profiles also sample allocations. */
  heapProfile?: boolean
  /** --sampling-interval: microseconds between CPU samples. */
  samplingInterval?: number
  /** --shard i/n: run only this share of the selected scenarios (see shard/run-shard.ts). */
  shard?: Shard
}

/** --profile profiles everything; otherwise a regressed verdict does, unless --no-auto-profile. */
export function profilePolicy(options: Pick<RunOptions, 'profile' | 'autoProfile' | 'heapProfile' | 'samplingInterval'>): ProfilePolicy {
  const mode = options.profile === true ? 'always' : options.autoProfile === false ? 'never' : 'on-regression'
  return {
    mode,
    settings: {
      heap: options.heapProfile === true,
      ...(options.samplingInterval !== undefined ? { samplingIntervalUs: options.samplingInterval } : {}),
    },
  }
}

/** Exit code of a run that was stopped with Ctrl-C (128 + SIGINT), after writing what it had. */
export const EXIT_INTERRUPTED = 130

export async function runCommand(ids: string[], options: RunOptions, io: CliIo): Promise<ExitCode | typeof EXIT_INTERRUPTED> {
  const project = await loadProject(io.cwd, options.config)
  const settings = runSettings(options, project.settings)
  const all = await loadSelectedScenarios(ids, options.scenarios ?? [], io.cwd, project)
  const selected = applyProjectBudgets(selectShard(all, options.shard, io), project.settings.budgets)
  const flags = withConfiguredDatabases(options, project.settings.db, io.env)
  const { support, missing } = await databaseSupportFor(selected, flags, io.env)
  // A dataset dyno cannot generate is a mistake in the scenario: report all of them before anything starts.
  const datasetMistakes = selected.flatMap(({ scenario, sourceFile }) =>
    (scenario.requires ?? []).flatMap((r) =>
      (r.kind === 'database' && support !== null ? support.db.datasetProblems(r) : []).map(
        (p) => `${sourceFile ? path.relative(io.cwd, sourceFile) : scenario.id}: ${p}`,
      ),
    ),
  )
  if (datasetMistakes.length > 0) {
    throw new DynoError(
      'scenario-invalid',
      `${datasetMistakes.length} problem${datasetMistakes.length === 1 ? '' : 's'} in the scenarios' datasets`,
      {
        details: datasetMistakes,
        hint: 'fix the scenario files listed above; nothing was run',
      },
    )
  }
  const progress = new ProgressReporter(io)
  const mode = flags.db ?? 'auto'
  const runnable: LoadedScenario[] = []
  const skipped: string[] = []
  // A --db mode you chose explicitly that cannot serve a scenario is a failed request, not a skip.
  let databaseModeUnmet = false
  const reasons: { scenarioId: string; reason: string }[] = []
  for (const loaded of selected) {
    const unmet = await unmetRequirements(loaded.scenario.requires, { env: io.env, databases: support, missing })
    if (unmet.length === 0) {
      runnable.push(loaded)
      continue
    }
    if (mode !== 'auto' && unmet.some((u) => u.requirement.kind === 'database')) databaseModeUnmet = true
    const reason = `needs ${unmet.map((u) => `${describeRequirement(u.requirement)} (${u.detail})`).join(', ')}`
    progress.onScenarioSkipped({ scenarioId: loaded.scenario.id, reason })
    skipped.push(loaded.scenario.id)
    reasons.push({ scenarioId: loaded.scenario.id, reason })
  }
  const shardMeta = (runId: string) => ({
    root: resultsRoot(io.cwd, options.out, io.env),
    runId,
    all,
    shard: options.shard,
    skipped: reasons,
    cwd: io.cwd,
  })
  if (runnable.length === 0) {
    // An empty shard is still a shard: dyno merge must see that it ran.
    if (options.shard !== undefined) io.err(`Results: ${await writeShardMeta(shardMeta(newRunId()))}\n`)
    if (selected.length === 0) return EXIT.pass
    io.err(`dyno: nothing to run: every selected scenario needs something this machine lacks (${skipped.join(', ')})\n`)
    // Asking for a scenario by name that cannot run is an environment failure; running
    // "everything runnable" on a machine that has nothing runnable is not an error.
    return ids.length > 0 || databaseModeUnmet ? EXIT.environment : EXIT.pass
  }
  const provisioner =
    support === null
      ? undefined
      : new support.db.DatabaseProvisioner({ mode, availability: support.availability, log: (line) => progress.note(line) })

  const abort = new AbortController()
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED)
    io.err('\ndyno: stopping after the current round (press Ctrl-C again to quit at once)…\n')
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  try {
    const root = resultsRoot(io.cwd, options.out, io.env, project.settings.resultsDir)
    const run = await runSuite(runnable, {
      resultsDir: root,
      cwd: io.cwd,
      quick: options.quick === true,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...settings.session,
      childExecArgv: childExecArgv(),
      signal: abort.signal,
      reporter: progress,
      ...(provisioner !== undefined ? { provisioner } : {}),
      profile: profilePolicy(options),
    })
    if (options.shard !== undefined) await writeShardMeta(shardMeta(run.runId))
    const comparisons = compareWithinRun(run.results)
    const outcome = gate({ comparisons, results: run.results, strict: settings.strict })
    const first = run.results[0]
    const advice = first ? calibrationAdvice(run.results, await readCalibration(root, first.environment.machineId)) : []
    const notes = advice.map((a) => a.message)
    const runDir = path.relative(io.cwd, run.runDir) || run.runDir
    const written = !settings.report
      ? undefined
      : await writeRunReport({
          run,
          comparisons,
          gate: outcome,
          reports: options.reports,
          configuredReports: project.settings.reportsDir,
          resultsDir: root,
          io,
        })
    const reportPath = written?.shown
    // Where a profiled variant's flame graph went, or its raw profile when no report was written.
    const flameGraph = (result: ResultFile, label: string): string | null => {
      const page = written?.flameGraphs.get(result)?.get(label)
      if (page !== undefined) return displayPath(io.cwd, page)
      const raw = result.profile?.variants.find((v) => v.label === label)?.cpuProfile
      return raw ? displayPath(io.cwd, path.join(run.runDir, raw)) : null
    }
    if (options.format === 'json') {
      const profiles = run.results.flatMap((r) => (r.profile === undefined ? [] : [{ scenarioId: r.scenario.id, ...r.profile }]))
      io.out(
        `${JSON.stringify({ runId: run.runId, runDir: run.runDir, files: run.files, report: reportPath ?? null, skipped, comparisons, gate: outcome, advice, profiles }, null, 2)}\n`,
      )
    } else if (options.format === 'markdown') {
      io.out(
        renderMarkdown({
          title: `dyno run ${run.runId}`,
          comparisons,
          gate: outcome,
          notes: [...skipped.map((s) => `skipped ${s}`), ...notes],
          warnings: collectWarnings({ results: run.results, comparisons }),
          claims: claimRows(run.results),
          profiled: run.results,
          referenced: { results: run.results },
          ...(reportPath !== undefined ? { reportLink: reportPath } : {}),
        }),
      )
      io.out(`\nResults: ${runDir}\n`)
    } else {
      io.out(
        renderRunSummary(run.results, comparisons, outcome, {
          color: io.color,
          runDir,
          notes,
          flameGraph,
          ...(reportPath !== undefined ? { reportPath } : {}),
        }),
      )
    }
    if (abort.signal.aborted) return EXIT_INTERRUPTED
    // A server that could not be had is the machine's problem, not the code's: exit 3.
    if (databaseModeUnmet) return EXIT.environment
    return outcome.exitCode
  } finally {
    process.off('SIGINT', onSignal)
  }
}
