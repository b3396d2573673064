import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { DynoError, writeJsonAtomic } from '@dyno/core'
import { renderTable } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { BASELINE_META, BASELINES, readRunDirectory, resolveResultSet, resultsRoot } from '../results/results-location.js'

/**
 * Named baselines (criterion's `--save-baseline`): a copy of a run under
 * results/baselines/<name>/, small enough to commit, usable anywhere a run is accepted.
 */
export interface BaselineMeta {
  name: string
  savedAt: string
  runId: string
  scenarios: string[]
  git: { sha: string; branch: string | null; dirty: boolean } | null
  machineId: string
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

export async function baselineSave(
  name: string,
  run: string | undefined,
  options: { force?: boolean; results?: string; config?: string },
  io: CliIo,
): Promise<ExitCode> {
  if (!NAME.test(name) || name === 'latest') {
    throw new DynoError('bad-baseline-name', `'${name}' cannot name a baseline`, {
      hint: "use letters, digits, '.', '_' and '-', not starting with a symbol, and not 'latest'",
    })
  }
  const project = await loadProject(io.cwd, options.config)
  const root = resultsRoot(io.cwd, options.results, io.env, project.settings.resultsDir)
  const source = await resolveResultSet(run ?? 'latest', root, io.cwd)
  if ((await stat(source.source)).isFile()) {
    throw new DynoError('baseline-needs-run', 'a baseline is saved from a whole run directory, not a single result file', {
      hint: 'pass a run id, a run directory or `latest`',
    })
  }
  const target = path.join(root, BASELINES, name)
  const exists = await stat(target).then(
    () => true,
    () => false,
  )
  if (exists && options.force !== true) {
    throw new DynoError('baseline-exists', `baseline '${name}' already exists`, {
      hint: `pass --force to replace it, or pick another name`,
    })
  }
  const first = source.results[0]
  const staging = `${target}.saving`
  await rm(staging, { recursive: true, force: true })
  await mkdir(path.dirname(target), { recursive: true })
  await cp(source.source, staging, { recursive: true })
  const meta: BaselineMeta = {
    name,
    savedAt: new Date().toISOString(),
    runId: first?.runId ?? 'unknown',
    scenarios: source.results.map((r) => r.scenario.id).sort(),
    git: first?.environment.git ?? null,
    machineId: first?.environment.machineId ?? 'unknown',
  }
  await writeJsonAtomic(path.join(staging, BASELINE_META), meta)
  // Replace in two renames-worth of steps so a failure never leaves half a baseline.
  await rm(target, { recursive: true, force: true })
  await cp(staging, target, { recursive: true })
  await rm(staging, { recursive: true, force: true })
  io.out(
    `Saved baseline '${name}' from run ${meta.runId} (${meta.scenarios.length} scenario${meta.scenarios.length === 1 ? '' : 's'}) → ${path.relative(io.cwd, target)}\n`,
  )
  return EXIT.pass
}

async function readMeta(dir: string, name: string): Promise<BaselineMeta> {
  try {
    return JSON.parse(await readFile(path.join(dir, BASELINE_META), 'utf8')) as BaselineMeta
  } catch {
    // Copied by hand without metadata: derive what we can from the results themselves.
    const results = await readRunDirectory(dir)
    const first = results[0]
    return {
      name,
      savedAt: 'unknown',
      runId: first?.runId ?? 'unknown',
      scenarios: results.map((r) => r.scenario.id),
      git: first?.environment.git ?? null,
      machineId: first?.environment.machineId ?? 'unknown',
    }
  }
}

export async function baselineList(options: { results?: string; json?: boolean; config?: string }, io: CliIo): Promise<ExitCode> {
  const project = await loadProject(io.cwd, options.config)
  const dir = path.join(resultsRoot(io.cwd, options.results, io.env, project.settings.resultsDir), BASELINES)
  const names = await readdir(dir, { withFileTypes: true }).then(
    (entries) =>
      entries
        .filter((e) => e.isDirectory() && !e.name.endsWith('.saving'))
        .map((e) => e.name)
        .sort(),
    () => [] as string[],
  )
  const metas = await Promise.all(names.map((name) => readMeta(path.join(dir, name), name)))
  if (options.json) {
    io.out(`${JSON.stringify(metas, null, 2)}\n`)
    return EXIT.pass
  }
  if (metas.length === 0) {
    io.out(`No baselines in ${path.relative(io.cwd, dir) || dir}. Save one with \`dyno baseline save NAME\`.\n`)
    return EXIT.pass
  }
  const rows = metas.map((m) => [
    m.name,
    m.savedAt === 'unknown' ? 'unknown' : m.savedAt.slice(0, 16).replace('T', ' '),
    m.runId,
    m.git ? `${m.git.sha.slice(0, 10)}${m.git.dirty ? ' (dirty)' : ''}${m.git.branch ? ` ${m.git.branch}` : ''}` : '–',
    String(m.scenarios.length),
  ])
  io.out(`${renderTable(['baseline', 'saved (UTC)', 'run', 'git', 'scenarios'], rows, [], '')}\n`)
  return EXIT.pass
}
