import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { compareWithinRun, DynoError, gate, isDynoError, type ResultFile } from '@dyno/core'
import { loadReportAssets, renderSite, type SiteRun } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { displayPath, reportsRoot, runReportFile } from '../report/reports-location.js'
import { writeHtmlReport } from '../report/write-html-report.js'
import { BASELINES, listRunIds, readRunDirectory, resultsRoot } from '../results/results-location.js'

/**
 * `dyno publish`: a static site of everything under results/ (asv's `publish`): an index of
 * runs, a history page per scenario, and each run's report, copied from reports/ when it was
 * written there, rendered from the result files otherwise. The site is built beside the target
 * and moved into place, so a failed build never leaves half a site; a directory that is not
 * empty and was not built by dyno is never replaced.
 */
export interface PublishOptions {
  out?: string
  results?: string
  reports?: string
  title?: string
  config?: string
}

/** Written into every site, so a later publish knows the directory is its own to replace. */
const SITE_MARKER = '.dyno-site'

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  )

async function readable(dir: string): Promise<{ results: ResultFile[] } | { error: string }> {
  try {
    return { results: await readRunDirectory(dir) }
  } catch (error) {
    return { error: isDynoError(error) ? error.message : String(error) }
  }
}

async function checkTarget(out: string, shown: string): Promise<void> {
  const entries = await readdir(out).catch(() => null)
  if (entries === null || entries.length === 0 || entries.includes(SITE_MARKER)) return
  throw new DynoError('publish-target-not-empty', `${shown} is not empty and was not written by dyno publish`, {
    hint: 'pass a new or empty directory to --out (dyno replaces a site it built, and nothing else)',
  })
}

export async function publishCommand(options: PublishOptions, io: CliIo): Promise<ExitCode> {
  const project = await loadProject(io.cwd, options.config)
  const root = resultsRoot(io.cwd, options.results, io.env, project.settings.resultsDir)
  const reports = reportsRoot(io.cwd, options.reports, io.env, project.settings.reportsDir)
  const out = options.out !== undefined ? path.resolve(io.cwd, options.out) : path.join(reports, 'site')
  const shown = displayPath(io.cwd, out)
  await checkTarget(out, shown)

  const runs: (SiteRun & { dir: string; baselineDir: string | null })[] = []
  const skipped: { name: string; reason: string }[] = []
  for (const runId of await listRunIds(root)) {
    const read = await readable(path.join(root, runId))
    if ('error' in read) skipped.push({ name: `results/${runId}`, reason: read.error })
    else
      runs.push({
        runId,
        results: read.results,
        baselines: [],
        reportHref: `runs/${runId}/index.html`,
        dir: path.join(root, runId),
        baselineDir: null,
      })
  }
  const baselineNames = await readdir(path.join(root, BASELINES), { withFileTypes: true }).then(
    (entries) =>
      entries
        .filter((e) => e.isDirectory() && !e.name.endsWith('.saving'))
        .map((e) => e.name)
        .sort(),
    () => [] as string[],
  )
  for (const name of baselineNames) {
    const dir = path.join(root, BASELINES, name)
    const read = await readable(dir)
    if ('error' in read) {
      skipped.push({ name: `baseline ${name}`, reason: read.error })
      continue
    }
    const runId = read.results[0]?.runId ?? name
    const same = runs.find((r) => r.runId === runId)
    // A baseline is a copy of a run: one point, named, unless the run itself is gone.
    if (same !== undefined) same.baselines = [...same.baselines, name]
    else runs.push({ runId, results: read.results, baselines: [name], reportHref: `baselines/${name}/index.html`, dir, baselineDir: dir })
  }
  if (runs.length === 0) {
    throw new DynoError('nothing-to-publish', `there are no readable runs in ${displayPath(io.cwd, root)}`, {
      hint: skipped.length > 0 ? skipped.map((s) => `${s.name}: ${s.reason}`).join('; ') : 'run `dyno run` first, or pass --results DIR',
    })
  }

  const building = `${out}.building-${process.pid}`
  await rm(building, { recursive: true, force: true })
  await mkdir(building, { recursive: true })
  try {
    let copied = 0
    let rendered = 0
    for (const run of runs) {
      const target = path.join(building, ...run.reportHref.split('/'))
      const existing = runReportFile(reports, run.runId)
      if (run.baselineDir === null && (await exists(existing))) {
        await mkdir(path.dirname(target), { recursive: true })
        await copyFile(existing, target)
        copied++
        continue
      }
      const comparisons = compareWithinRun(run.results)
      await writeHtmlReport({
        input: {
          kind: 'run',
          title: run.baselines.length > 0 ? `dyno run ${run.runId} (${run.baselines.join(', ')})` : `dyno run ${run.runId}`,
          results: run.results,
          comparisons,
          gate: gate({ comparisons, results: run.results }),
          resultsLocation: displayPath(io.cwd, run.dir),
        },
        file: target,
        resultsRoot: root,
        io,
      })
      rendered++
    }
    const pages = renderSite(
      {
        title: options.title ?? `${path.basename(project.root)}: dyno benchmark history`,
        generatedAt: new Date().toISOString(),
        runs,
        skipped,
      },
      await loadReportAssets(),
    )
    for (const page of pages) {
      const file = path.join(building, ...page.path.split('/'))
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, page.html)
    }
    // .nojekyll: GitHub Pages serves the directory as it is.
    await writeFile(path.join(building, '.nojekyll'), '')
    await writeFile(path.join(building, SITE_MARKER), 'Built by `dyno publish`; the next publish replaces this directory.\n')
    await rm(out, { recursive: true, force: true })
    await rename(building, out)
    for (const s of skipped) io.err(`dyno: note: ${s.name} left out: ${s.reason}\n`)
    const scenarios = pages.length - 1
    io.out(
      `Published ${runs.length} run${runs.length === 1 ? '' : 's'} and ${scenarios} scenario${scenarios === 1 ? '' : 's'} (${copied} report${copied === 1 ? '' : 's'} copied from ${displayPath(io.cwd, reports)}, ${rendered} rendered)\nSite: ${displayPath(io.cwd, path.join(out, 'index.html'))}\n`,
    )
    return EXIT.pass
  } catch (error) {
    await rm(building, { recursive: true, force: true })
    throw error
  }
}
