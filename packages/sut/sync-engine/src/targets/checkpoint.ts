import type { SyncValue } from '../values/sync-value.js'

/**
 * What a sync stores in the target, per mapping, so that a sync killed half-way resumes where
 * it stopped and an incremental sync knows where the last one ended. It is written only after
 * the rows it covers are committed, and writes are idempotent upserts by key, so a restart
 * re-copies at most the batches that were in flight: no row is lost and none is duplicated.
 */
export interface Checkpoint {
  mode: 'full' | 'incremental'
  state: 'running' | 'completed'
  /** Every row up to and including this key is committed in the target (null: none yet). */
  afterKey: SyncValue[] | null
  /** The lower bound of the changes this run reads (incremental syncs with a watermark column). */
  changedSince: string | null
  /** The source's largest watermark when this run started: the next incremental sync starts there. */
  watermark: string | null
}

export const CHECKPOINT_TABLE = 'sync_checkpoint'

export function parseCheckpoint(text: string): Checkpoint {
  const value = JSON.parse(text) as Partial<Checkpoint>
  if ((value.mode !== 'full' && value.mode !== 'incremental') || (value.state !== 'running' && value.state !== 'completed'))
    throw new Error(`a stored checkpoint is not one this engine wrote: ${text.slice(0, 200)}`)
  return {
    mode: value.mode,
    state: value.state,
    afterKey: value.afterKey ?? null,
    changedSince: value.changedSince ?? null,
    watermark: value.watermark ?? null,
  }
}
