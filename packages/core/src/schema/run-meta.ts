import type { GitState } from '../env/fingerprint.js'
import type { Shard } from '../shard/shard.js'
import type { RefRecord } from './result-file.js'

/**
 * What a run directory is, beyond its result files: written as `run.meta.json` beside them by
 * `dyno run --shard`, `dyno compare-refs` and `dyno merge` (a plain `dyno run` needs none).
 * It records what no single result file can: which share of the suite a shard was, what the
 * whole selection was (so `dyno merge` can tell a missing shard from an empty one), the
 * scenarios that were skipped or exist on one side only, and which shards a merged run was
 * made from. Schema: packages/core/schema/run-meta-v1.schema.json, checked on every read.
 */
export const RUN_META_FILE = 'run.meta.json'
export const RUN_META_VERSION = 1

export interface SkippedScenario {
  scenarioId: string
  reason: string
}

export interface MergedShard {
  runId: string
  shard: Shard
  /** The directory it was read from, as given to `dyno merge`. */
  source: string
}

export interface RunMeta {
  kind: 'dyno-run-meta'
  metaVersion: typeof RUN_META_VERSION
  runId: string
  /** The command that measured (a merged run keeps its shards' command). */
  command: 'run' | 'compare-refs'
  dynoVersion: string
  createdAt: string
  /** This run's share of the selection; null when it measured the whole selection (or is a merge). */
  shard: Shard | null
  /** Every scenario id the command selected before sharding (both sides' ids for compare-refs). */
  selected: string[]
  /** Scenarios of this run's share that did not run, and why (an unmet need). */
  skipped: SkippedScenario[]
  /** `dyno run`: the commit measured; null outside git or for compare-refs. */
  git: GitState | null
  /** `dyno compare-refs`: the two sides; null for `dyno run`. */
  refs: { base: RefRecord; head: RefRecord } | null
  /** `dyno compare-refs`: selected scenarios only HEAD has (run on HEAD alone) and only BASE has (not run). */
  added: string[]
  removed: string[]
  /** `dyno merge`: the shard runs this run was combined from, in shard order; empty otherwise. */
  mergedFrom: MergedShard[]
}
