import path from 'node:path'
import { DynoError, type ResultFile, RUN_ID_PATTERN, type RunMeta, readRunMeta } from '@dyno/core'
import { latestRunDir, readRunDirectory } from './results-location.js'

/**
 * A run directory written by `dyno compare-refs` (or merged from its shards): `base/` and
 * `head/` hold each scenario's result per side, `run.meta.json` the refs and the scenarios
 * only one side has.
 */
export interface RefsRun {
  dir: string
  meta: RunMeta
  base: ResultFile[]
  head: ResultFile[]
}

async function side(dir: string): Promise<ResultFile[]> {
  try {
    return await readRunDirectory(dir)
  } catch (error) {
    // A side without results (only added or removed scenarios in this shard) is empty, not wrong.
    if (error instanceof DynoError && (error.code === 'empty-run' || error.code === 'result-dir-missing')) return []
    if ((error as { code?: string }).code === 'ENOENT') return []
    throw error
  }
}

export async function readRefsRun(dir: string, meta: RunMeta): Promise<RefsRun> {
  if (meta.refs === null) {
    throw new DynoError('run-meta-invalid', `${dir}: run.meta.json says compare-refs but records no refs`, {
      hint: 'the file was edited or damaged; re-run dyno compare-refs',
    })
  }
  return { dir, meta, base: await side(path.join(dir, 'base')), head: await side(path.join(dir, 'head')) }
}

/** The run directory a name means (a path, a run id, or `latest`), or null if it names none. */
export async function runDirectoryOf(name: string, root: string, cwd: string): Promise<string | null> {
  if (name === 'latest') return latestRunDir(root)
  const candidates = [path.resolve(cwd, name), ...(RUN_ID_PATTERN.test(name) ? [path.join(root, name)] : [])]
  for (const dir of candidates) {
    if ((await readRunMeta(dir).catch(() => null)) !== null) return dir
  }
  return null
}

/** A compare-refs run named by `name`, or null when `name` is anything else. */
export async function findRefsRun(name: string, root: string, cwd: string): Promise<RefsRun | null> {
  const dir = await runDirectoryOf(name, root, cwd).catch(() => null)
  if (dir === null) return null
  const meta = await readRunMeta(dir)
  return meta?.command === 'compare-refs' ? readRefsRun(dir, meta) : null
}
