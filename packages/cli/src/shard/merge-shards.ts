import { readdir } from 'node:fs/promises'
import path from 'node:path'
import {
  DynoError,
  type EnvironmentDifference,
  environmentDifferences,
  formatShard,
  type ResultFile,
  RUN_ID_PATTERN,
  type RunMeta,
  readRunMeta,
} from '@dyno/core'
import { readRefsRun } from '../results/refs-run.js'
import { readRunDirectory } from '../results/results-location.js'

/**
 * What `dyno merge` checks before it combines shards into one run: that they are the shards
 * of one run — the same command, the same split, every shard exactly once, the same
 * selection, the same commits — and that they were measured on comparable machines. Every
 * problem is collected and reported at once (exit 2), naming the shard and what differs.
 */
export interface LoadedShard {
  /** As given on the command line. */
  source: string
  dir: string
  meta: RunMeta
  /** `dyno run` shards: all results; compare-refs shards: HEAD's. */
  results: ResultFile[]
  /** compare-refs shards only. */
  base: ResultFile[]
}

async function runDirIn(dir: string): Promise<string | null> {
  if ((await readRunMeta(dir)) !== null) return dir
  // A results root (or a downloaded CI artifact) holding exactly one run.
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const runs = entries.filter((e) => e.isDirectory() && RUN_ID_PATTERN.test(e.name)).map((e) => path.join(dir, e.name))
  return runs.length === 1 && runs[0] !== undefined && (await readRunMeta(runs[0])) !== null ? runs[0] : null
}

export async function loadShard(source: string, root: string, cwd: string): Promise<LoadedShard> {
  const candidates = [path.resolve(cwd, source), ...(RUN_ID_PATTERN.test(source) ? [path.join(root, source)] : [])]
  for (const candidate of candidates) {
    const dir = await runDirIn(candidate)
    if (dir === null) continue
    const meta = (await readRunMeta(dir)) as RunMeta
    if (meta.command === 'compare-refs') {
      const run = await readRefsRun(dir, meta)
      return { source, dir, meta, results: run.head, base: run.base }
    }
    const results = await readRunDirectory(dir).catch((error: unknown) => {
      if (error instanceof DynoError && error.code === 'empty-run') return []
      throw error
    })
    return { source, dir, meta, results, base: [] }
  }
  throw new DynoError('not-a-shard', `'${source}' is not a shard run (no run directory with a run.meta.json there)`, {
    hint: 'pass the directories written by `dyno run --shard i/n` or `dyno compare-refs --shard i/n` (or their run ids)',
  })
}

function name(shard: LoadedShard): string {
  return shard.meta.shard === null ? shard.source : `shard ${formatShard(shard.meta.shard)} (${shard.source})`
}

export interface MergeCheck {
  /** Problems that make merging meaningless: refused with exit 2. */
  problems: string[]
  /** Blocking environment differences: refused unless --allow-env-mismatch. */
  environment: { difference: EnvironmentDifference; shard: string }[]
}

export function checkShards(shards: readonly LoadedShard[]): MergeCheck {
  const problems: string[] = []
  const environment: MergeCheck['environment'] = []
  for (const shard of shards) {
    if (shard.meta.mergedFrom.length > 0) problems.push(`${shard.source} is already a merge of ${shard.meta.mergedFrom.length} shards`)
    else if (shard.meta.shard === null) problems.push(`${shard.source} is a whole run, not a shard (it was not written with --shard)`)
  }
  const first = shards[0]
  if (first === undefined || problems.length > 0) return { problems, environment }
  const firstShard = first.meta.shard as NonNullable<RunMeta['shard']>

  for (const shard of shards.slice(1)) {
    const s = shard.meta.shard as NonNullable<RunMeta['shard']>
    if (shard.meta.command !== first.meta.command) {
      problems.push(`${name(shard)} was written by dyno ${shard.meta.command}, ${name(first)} by dyno ${first.meta.command}`)
    }
    if (s.count !== firstShard.count)
      problems.push(`${name(shard)} splits the suite ${s.count} ways, ${name(first)} ${firstShard.count} ways`)
    const mine = new Set(shard.meta.selected)
    const theirs = new Set(first.meta.selected)
    const onlyHere = shard.meta.selected.filter((id) => !theirs.has(id))
    const onlyThere = first.meta.selected.filter((id) => !mine.has(id))
    if (onlyHere.length > 0 || onlyThere.length > 0) {
      problems.push(
        `${name(shard)} and ${name(first)} selected different scenarios${onlyHere.length > 0 ? `; only in ${name(shard)}: ${onlyHere.join(', ')}` : ''}${onlyThere.length > 0 ? `; only in ${name(first)}: ${onlyThere.join(', ')}` : ''}`,
      )
    }
    const same = (field: string, a: string, b: string) => {
      if (a !== b) problems.push(`${field} differs: ${b} in ${name(first)}, ${a} in ${name(shard)}`)
    }
    const refs = shard.meta.refs
    const firstRefs = first.meta.refs
    if (refs !== null && firstRefs !== null) {
      same('base commit', refs.base.sha, firstRefs.base.sha)
      same('head commit', refs.head.sha, firstRefs.head.sha)
      same('head uncommitted changes', String(refs.head.tree ?? refs.head.dirty), String(firstRefs.head.tree ?? firstRefs.head.dirty))
    }
    if (shard.meta.command === 'run' && first.meta.command === 'run') {
      same('git commit', shard.meta.git?.sha ?? 'none', first.meta.git?.sha ?? 'none')
      same('git uncommitted changes', String(shard.meta.git?.dirty ?? false), String(first.meta.git?.dirty ?? false))
    }
    const a = first.results[0] ?? first.base[0]
    const b = shard.results[0] ?? shard.base[0]
    if (a !== undefined && b !== undefined) {
      for (const difference of environmentDifferences(a.environment, b.environment)) {
        if (difference.severity === 'blocking') environment.push({ difference, shard: name(shard) })
      }
    }
  }
  const byIndex = new Map<number, LoadedShard[]>()
  for (const shard of shards) {
    const index = (shard.meta.shard as NonNullable<RunMeta['shard']>).index
    byIndex.set(index, [...(byIndex.get(index) ?? []), shard])
  }
  for (const [index, list] of byIndex) {
    if (list.length > 1)
      problems.push(`shard ${index}/${firstShard.count} is given ${list.length} times: ${list.map((s) => s.source).join(', ')}`)
  }
  const missing = Array.from({ length: firstShard.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i))
  if (missing.length > 0)
    problems.push(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${firstShard.count}`).join(', ')}`)
  const owner = new Map<string, string>()
  for (const shard of shards) {
    for (const result of [...shard.results, ...shard.base]) {
      const key = `${result.refs?.side ?? ''}:${result.scenario.id}`
      const earlier = owner.get(key)
      if (earlier !== undefined && earlier !== name(shard))
        problems.push(`scenario ${result.scenario.id} is in both ${earlier} and ${name(shard)}`)
      owner.set(key, name(shard))
    }
  }
  return { problems, environment }
}
