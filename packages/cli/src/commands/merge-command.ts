import path from 'node:path'
import {
  compareWithinRun,
  DYNO_VERSION,
  DynoError,
  formatShard,
  gate,
  newRunId,
  type ResultFile,
  type RunMeta,
  type Warning,
  writeResultFile,
  writeRunMeta,
} from '@dyno/core'
import { claimRows, collectWarnings, renderMarkdown, renderRunSummary } from '@dyno/report'
import type { ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { presentRefComparison, type RefOutputOptions } from '../refs/present-ref-comparison.js'
import { displayPath } from '../report/reports-location.js'
import { writeReportFile } from '../report/write-report-file.js'
import { writeRunReport } from '../report/write-run-report.js'
import { resultsRoot } from '../results/results-location.js'
import { copyProfileFiles } from '../shard/copy-profile-files.js'
import { checkShards, type LoadedShard, loadShard } from '../shard/merge-shards.js'

/**
 * `dyno merge DIR…`: combines the shards of one `dyno run --shard` or
 * `dyno compare-refs --shard` matrix into one run, as if it had run in one job: the result
 * files are copied into a new run directory (unchanged, so each keeps the run id and
 * environment it was measured with), and the verdicts are computed once across all of them,
 * with Holm over the whole suite. Shards that do not belong together are refused (exit 2).
 */
export interface MergeOptions extends RefOutputOptions {
  /** Results root the merged run is written under (default results, or $DYNO_RESULTS_DIR). */
  out?: string
  allowEnvMismatch?: boolean
}

function mismatchWarning(differences: string[]): Warning {
  return {
    code: 'environment-mismatch',
    severity: 'warning',
    message: `shards were measured on different machines (${differences.join('; ')}); each scenario's verdict comes from one machine, but the suite's figures are not one experiment`,
  }
}

export async function mergeCommand(sources: string[], options: MergeOptions, io: CliIo): Promise<ExitCode> {
  const root = resultsRoot(io.cwd, options.out, io.env)
  const shards: LoadedShard[] = []
  for (const source of sources) shards.push(await loadShard(source, root, io.cwd))
  const check = checkShards(shards)
  const blocking = options.allowEnvMismatch === true ? [] : check.environment
  const problems = [
    ...check.problems,
    ...blocking.map(
      ({ difference, shard }) => `${difference.field} differs: ${difference.base} in the first shard, ${difference.head} in ${shard}`,
    ),
  ]
  if (problems.length > 0) {
    throw new DynoError(
      'shards-mismatch',
      `cannot merge: ${problems.length === 1 ? 'the shards do' : `${problems.length} problems show the shards do`} not make one run`,
      {
        details: problems,
        hint:
          blocking.length > 0 && check.problems.length === 0
            ? 'shards from different machines: pass --allow-env-mismatch to merge anyway (each verdict still comes from one machine; the output says so)'
            : 'merge every shard of one CI run, written with the same --shard count from the same commits and selection',
      },
    )
  }
  const ordered = [...shards].sort((a, b) => (a.meta.shard?.index ?? 0) - (b.meta.shard?.index ?? 0))
  const first = ordered[0] as LoadedShard
  const runId = newRunId()
  const runDir = path.join(root, runId)
  const refs = first.meta.command === 'compare-refs'
  const results: ResultFile[] = ordered.flatMap((s) => s.results)
  const base: ResultFile[] = ordered.flatMap((s) => s.base)
  const resultsDir = (dir: string) => (refs ? path.join(dir, 'head') : dir)
  const copyNotes: string[] = []
  for (const shard of ordered) {
    for (const result of shard.results) {
      await writeResultFile(resultsDir(runDir), result)
      // Profiles (run --profile, or compare-refs' of both builds on HEAD's results) come along.
      copyNotes.push(...(await copyProfileFiles(result, resultsDir(shard.dir), resultsDir(runDir))))
    }
  }
  for (const result of base) await writeResultFile(path.join(runDir, 'base'), result)
  for (const note of copyNotes) io.err(`dyno: note: ${note}\n`)
  const union = (pick: (meta: RunMeta) => readonly string[]) => [...new Set(ordered.flatMap((s) => pick(s.meta)))]
  const meta: RunMeta = {
    kind: 'dyno-run-meta',
    metaVersion: 1,
    runId,
    command: first.meta.command,
    dynoVersion: DYNO_VERSION,
    createdAt: new Date().toISOString(),
    shard: null,
    selected: first.meta.selected,
    skipped: ordered.flatMap((s) => s.meta.skipped),
    git: first.meta.git,
    refs: first.meta.refs,
    added: union((m) => m.added),
    removed: union((m) => m.removed),
    mergedFrom: ordered.map((s) => ({ runId: s.meta.runId, shard: s.meta.shard as NonNullable<RunMeta['shard']>, source: s.source })),
  }
  await writeRunMeta(runDir, meta)
  io.err(
    `dyno merge: ${ordered.length} shards (${ordered.map((s) => formatShard(s.meta.shard as NonNullable<RunMeta['shard']>)).join(', ')}) → ${displayPath(io.cwd, runDir)}\n`,
  )
  const mismatch = check.environment.map(
    ({ difference, shard }) => `${difference.field} ${difference.base} vs ${difference.head} (${shard})`,
  )
  const verdictWarnings = mismatch.length > 0 ? [mismatchWarning(mismatch)] : []
  const notes = mismatch.map((m) => `environment differs between shards: ${m}`)
  if (refs && meta.refs !== null) {
    return presentRefComparison({
      command: 'dyno compare-refs (merged)',
      runId,
      runDir,
      resultsRoot: root,
      base,
      head: results,
      refs: meta.refs,
      added: meta.added,
      removed: meta.removed,
      skipped: meta.skipped,
      notes,
      verdictWarnings,
      options,
      io,
    })
  }
  return presentMergedRun({
    runId,
    runDir,
    root,
    results,
    notes,
    verdictWarnings,
    skipped: meta.skipped.map((s) => s.scenarioId),
    options,
    io,
  })
}

interface MergedRun {
  runId: string
  runDir: string
  root: string
  results: ResultFile[]
  notes: string[]
  verdictWarnings: Warning[]
  skipped: string[]
  options: MergeOptions
  io: CliIo
}

/** What `dyno run` would have printed had the shards run as one job. */
async function presentMergedRun(input: MergedRun): Promise<ExitCode> {
  const { io, options, results } = input
  const comparisons = compareWithinRun(results).map((c) =>
    input.verdictWarnings.length > 0 ? { ...c, warnings: [...c.warnings, ...input.verdictWarnings] } : c,
  )
  const outcome = gate({ comparisons, results, strict: options.strict === true })
  const runDir = displayPath(io.cwd, input.runDir)
  const written =
    options.report === false
      ? undefined
      : await writeRunReport({
          run: { runId: input.runId, runDir: input.runDir, results },
          comparisons,
          gate: outcome,
          reports: options.reports,
          resultsDir: input.root,
          io,
        })
  const reportPath = written?.shown
  const markdown = () =>
    renderMarkdown({
      title: `dyno run ${input.runId} (merged shards)`,
      comparisons,
      gate: outcome,
      notes: [...input.skipped.map((s) => `skipped ${s}`), ...input.notes],
      warnings: collectWarnings({ results, comparisons }),
      claims: claimRows(results),
      referenced: { results },
      ...(reportPath !== undefined ? { reportLink: reportPath } : {}),
    })
  if (options.markdown !== undefined) {
    const file = path.resolve(io.cwd, options.markdown)
    await writeReportFile(file, markdown())
    io.err(`Markdown: ${displayPath(io.cwd, file)}\n`)
  }
  if (options.format === 'json') {
    io.out(
      `${JSON.stringify({ runId: input.runId, runDir: input.runDir, comparisons, gate: outcome, report: reportPath ?? null }, null, 2)}\n`,
    )
  } else if (options.format === 'markdown') {
    io.out(markdown())
    io.err(`Results: ${runDir}\n`)
  } else {
    io.out(
      renderRunSummary(results, comparisons, outcome, {
        color: io.color,
        runDir,
        notes: input.notes,
        ...(reportPath !== undefined ? { reportPath } : {}),
      }),
    )
  }
  return outcome.exitCode
}
