import type { ReadOptions } from './schema/select-statement.js'
import type { SyncSource } from './sources/sync-source.js'
import type { SyncJob } from './sync-job.js'
import type { Checkpoint } from './targets/checkpoint.js'
import type { SyncTarget } from './targets/sync-target.js'

/** A sync that cannot start in the state it finds, with what to do instead. */
export class SyncStateError extends Error {
  override readonly name = 'SyncStateError'

  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(`${message}; ${hint}`)
  }
}

export interface SyncPlan {
  read: ReadOptions
  /** The checkpoint this run writes as it goes; `afterKey` is where it starts. */
  checkpoint: Checkpoint
  resumed: boolean
}

/**
 * Where a run starts, from the stored checkpoint:
 *   full, nothing running        from the first key; the watermark is the source's maximum now
 *   full, a full sync running    after its checkpoint key, with its watermark
 *   incremental, last completed  rows changed since its watermark (or keys after its last key)
 *   incremental, one running     after its checkpoint key, with its bounds
 * The watermark is read before any row, so a change made while this run copies is at or after
 * it and the next incremental sync sees it (reading `>=` re-copies the boundary, idempotently).
 */
export async function planSync(source: SyncSource, target: SyncTarget, job: SyncJob): Promise<SyncPlan> {
  const { mapping } = job
  const stored = await target.readCheckpoint(mapping)
  const running = stored?.state === 'running' ? stored : null
  if (running !== null && running.mode !== job.mode) {
    throw new SyncStateError(
      `the last ${running.mode} sync of ${mapping.name} did not finish`,
      `run a ${running.mode} sync to resume it (it continues from its checkpoint), then the ${job.mode} sync`,
    )
  }
  if (running !== null) {
    return { read: { afterKey: running.afterKey, changedSince: running.changedSince }, checkpoint: { ...running }, resumed: true }
  }
  const watermark = mapping.watermarkColumn === undefined ? null : await source.maxWatermark(mapping)
  if (job.mode === 'full') {
    return { read: {}, checkpoint: { mode: 'full', state: 'running', afterKey: null, changedSince: null, watermark }, resumed: false }
  }
  if (stored === null) {
    throw new SyncStateError(
      `${mapping.name} has never been synced completely`,
      'run a full sync first; incremental syncs continue from where it ended',
    )
  }
  if (mapping.watermarkColumn === undefined) {
    // Append-only: new rows are the keys beyond the last one copied.
    return {
      read: { afterKey: stored.afterKey },
      checkpoint: { mode: 'incremental', state: 'running', afterKey: stored.afterKey, changedSince: null, watermark: null },
      resumed: false,
    }
  }
  return {
    read: { changedSince: stored.watermark },
    checkpoint: { mode: 'incremental', state: 'running', afterKey: null, changedSince: stored.watermark, watermark },
    resumed: false,
  }
}
