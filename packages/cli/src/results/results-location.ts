import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { DynoError, type ResultFile, RUN_ID_PATTERN, RUN_META_FILE, readResultFile, readRunMeta } from '@dyno/core'

/**
 * Where results live and how the user names them. A result set is named by a run directory,
 * a single result file, a run id, a saved baseline's name, or `latest`.
 */
export const BASELINES = 'baselines'
export const BASELINE_META = 'baseline.meta.json'

/**
 * The results directory: a flag (relative to the working directory), then $DYNO_RESULTS_DIR,
 * then the project's setting (`resultsDir` in dyno.config.ts, absolute), then ./results.
 */
export function resultsRoot(cwd: string, option: string | undefined, env: NodeJS.ProcessEnv, configured?: string): string {
  // An empty variable counts as unset, as for $DYNO_REPORTS_DIR.
  return path.resolve(cwd, option ?? (env.DYNO_RESULTS_DIR || configured || 'results'))
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory()
  } catch {
    return false
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}

/** Run directories under the results root, oldest first (run ids sort by time). */
export async function listRunIds(root: string): Promise<string[]> {
  if (!(await isDirectory(root))) return []
  const entries = await readdir(root, { withFileTypes: true })
  return entries
    .filter((e) => e.isDirectory() && RUN_ID_PATTERN.test(e.name))
    .map((e) => e.name)
    .sort()
}

export async function latestRunDir(root: string): Promise<string> {
  const runs = await listRunIds(root)
  const last = runs.at(-1)
  if (last === undefined) {
    throw new DynoError('no-runs', `there are no runs in ${root}`, { hint: 'run `dyno run` first, or pass --results DIR' })
  }
  return path.join(root, last)
}

async function collectJson(dir: string, found: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) await collectJson(full, found)
    else if (entry.isFile() && entry.name.endsWith('.json') && entry.name !== BASELINE_META && entry.name !== RUN_META_FILE)
      found.push(full)
  }
}

export async function readRunDirectory(dir: string): Promise<ResultFile[]> {
  const runsInside = await listRunIds(dir)
  if (runsInside.length > 0) {
    throw new DynoError('results-root-given', `${dir} holds ${runsInside.length} runs, not one`, {
      hint: `name one run, e.g. ${path.join(dir, runsInside.at(-1) as string)}, or use 'latest'`,
    })
  }
  if ((await readRunMeta(dir))?.command === 'compare-refs') {
    // Both sides of each scenario are in it: reading it as one set would mix HEAD with BASE.
    throw new DynoError('refs-run-given', `${dir} is a compare-refs run, with a base and a head result per scenario`, {
      hint: `name one side (${path.join(dir, 'head')} or ${path.join(dir, 'base')}), or use \`dyno report\` / \`dyno merge\` on the whole run`,
    })
  }
  const files: string[] = []
  await collectJson(dir, files)
  if (files.length === 0)
    throw new DynoError('empty-run', `${dir} contains no result files`, { hint: 'pass a directory written by `dyno run`' })
  const results = await Promise.all(files.sort().map((f) => readResultFile(f)))
  const ids = new Set<string>()
  for (const r of results) {
    if (ids.has(r.scenario.id)) {
      throw new DynoError('mixed-run', `${dir} holds two results for scenario '${r.scenario.id}'`, { hint: 'pass a single run directory' })
    }
    ids.add(r.scenario.id)
  }
  return results
}

export interface ResultSet {
  label: string
  source: string
  results: ResultFile[]
}

export async function resolveResultSet(name: string, root: string, cwd: string): Promise<ResultSet> {
  if (name === 'latest') {
    const dir = await latestRunDir(root)
    return { label: path.basename(dir), source: dir, results: await readRunDirectory(dir) }
  }
  const asPath = path.resolve(cwd, name)
  if (await isFile(asPath)) {
    const result = await readResultFile(asPath)
    return { label: path.relative(cwd, asPath), source: asPath, results: [result] }
  }
  if (await isDirectory(asPath)) {
    return { label: path.basename(asPath), source: asPath, results: await readRunDirectory(asPath) }
  }
  if (RUN_ID_PATTERN.test(name) && (await isDirectory(path.join(root, name)))) {
    const dir = path.join(root, name)
    return { label: name, source: dir, results: await readRunDirectory(dir) }
  }
  const baseline = path.join(root, BASELINES, name)
  if (/^[A-Za-z0-9._-]+$/.test(name) && (await isDirectory(baseline))) {
    return { label: name, source: baseline, results: await readRunDirectory(baseline) }
  }
  throw new DynoError('unknown-result-set', `'${name}' is not a result file, a run directory, a run id or a saved baseline`, {
    hint: 'pass a path under results/, a run id, `latest`, or a name from `dyno baseline list`',
  })
}
