import path from 'node:path'
import {
  DYNO_VERSION,
  formatShard,
  inShard,
  type LoadedScenario,
  readGitState,
  type Shard,
  type SkippedScenario,
  writeRunMeta,
} from '@dyno/core'
import type { CliIo } from '../io.js'

/**
 * `dyno run --shard i/n`: the share of the selected scenarios this job runs (by a hash of
 * each id, core shard/shard.ts), and the run.meta.json that tells `dyno merge` which shard
 * this was and what the whole selection was — so an empty shard is told apart from a missing one.
 */
export function selectShard(all: readonly LoadedScenario[], shard: Shard | undefined, io: CliIo): LoadedScenario[] {
  if (shard === undefined) return [...all]
  const mine = all.filter((s) => inShard(s.scenario.id, shard))
  io.err(`shard ${formatShard(shard)}: ${mine.length} of ${all.length} selected scenario${all.length === 1 ? '' : 's'}\n`)
  return mine
}

export interface ShardMetaInput {
  root: string
  runId: string
  all: readonly LoadedScenario[]
  shard: Shard | undefined
  skipped: readonly SkippedScenario[]
  cwd: string
}

/** Writes <root>/<runId>/run.meta.json; returns the run directory. */
export async function writeShardMeta(input: ShardMetaInput): Promise<string> {
  const runDir = path.join(input.root, input.runId)
  await writeRunMeta(runDir, {
    kind: 'dyno-run-meta',
    metaVersion: 1,
    runId: input.runId,
    command: 'run',
    dynoVersion: DYNO_VERSION,
    createdAt: new Date().toISOString(),
    shard: input.shard ?? null,
    selected: input.all.map((s) => s.scenario.id),
    skipped: [...input.skipped],
    git: readGitState(input.cwd),
    refs: null,
    added: [],
    removed: [],
    mergedFrom: [],
  })
  return path.relative(input.cwd, runDir) || runDir
}
