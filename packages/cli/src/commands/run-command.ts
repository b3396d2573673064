import path from 'node:path'
import { calibrationAdvice, compareWithinRun, gate, type LoadedScenario, newRunId, readCalibration, runSuite, type Shard } from '@dyno/core'
import { claimRows, collectWarnings, renderMarkdown, renderRunSummary } from '@dyno/report'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { describeRequirement, unmetRequirements } from '../load/check-requirements.js'
import { childExecArgv } from '../load/load-scenarios.js'
import { ProgressReporter } from '../progress/progress-reporter.js'
import { writeRunReport } from '../report/write-run-report.js'
import { resultsRoot } from '../results/results-location.js'
import { selectShard, writeShardMeta } from '../shard/run-shard.js'
import { loadSelectedScenarios } from './load-selected.js'

export interface RunOptions {
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
  /** false with --no-report. */
  report?: boolean
  /** --shard i/n: run only this share of the selected scenarios (see shard/run-shard.ts). */
  shard?: Shard
}

/** Exit code of a run that was stopped with Ctrl-C (128 + SIGINT), after writing what it had. */
export const EXIT_INTERRUPTED = 130

export async function runCommand(ids: string[], options: RunOptions, io: CliIo): Promise<ExitCode | typeof EXIT_INTERRUPTED> {
  const all = await loadSelectedScenarios(ids, options.scenarios ?? [], io.cwd)
  const selected = selectShard(all, options.shard, io)
  const progress = new ProgressReporter(io)
  const runnable: LoadedScenario[] = []
  const skipped: string[] = []
  const reasons: { scenarioId: string; reason: string }[] = []
  for (const loaded of selected) {
    const unmet = unmetRequirements(loaded.scenario.requires, io.env)
    if (unmet.length === 0) {
      runnable.push(loaded)
      continue
    }
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
    return ids.length > 0 ? EXIT.environment : EXIT.pass
  }

  const abort = new AbortController()
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED)
    io.err('\ndyno: stopping after the current round (press Ctrl-C again to quit at once)…\n')
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  try {
    const root = resultsRoot(io.cwd, options.out, io.env)
    const run = await runSuite(runnable, {
      resultsDir: root,
      cwd: io.cwd,
      quick: options.quick === true,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
      ...(options.minRounds !== undefined ? { minRounds: options.minRounds } : {}),
      ...(options.maxRounds !== undefined ? { maxRounds: options.maxRounds } : {}),
      ...(options.timeBudget !== undefined ? { timeBudgetMs: options.timeBudget } : {}),
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      childExecArgv: childExecArgv(),
      signal: abort.signal,
      reporter: progress,
    })
    if (options.shard !== undefined) await writeShardMeta(shardMeta(run.runId))
    const comparisons = compareWithinRun(run.results)
    const outcome = gate({ comparisons, results: run.results, strict: options.strict === true })
    const first = run.results[0]
    const advice = first ? calibrationAdvice(run.results, await readCalibration(root, first.environment.machineId)) : []
    const notes = advice.map((a) => a.message)
    const runDir = path.relative(io.cwd, run.runDir) || run.runDir
    const reportPath =
      options.report === false
        ? undefined
        : await writeRunReport({
            run,
            comparisons,
            gate: outcome,
            reports: options.reports,
            resultsDir: root,
            io,
          })
    if (options.format === 'json') {
      io.out(
        `${JSON.stringify({ runId: run.runId, runDir: run.runDir, files: run.files, report: reportPath ?? null, skipped, comparisons, gate: outcome, advice }, null, 2)}\n`,
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
          ...(reportPath !== undefined ? { reportPath } : {}),
        }),
      )
    }
    if (abort.signal.aborted) return EXIT_INTERRUPTED
    // A server that could not be had is the machine's problem, not the code's: exit 3.
    if (run.results.some((r) => r.session.stopReason === 'provisioning-failed')) return EXIT.environment
    return outcome.exitCode
  } finally {
    process.off('SIGINT', onSignal)
  }
}
