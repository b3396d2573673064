import type { SyncValue } from '../values/sync-value.js'

/**
 * Batches finish out of order when several are in flight, but a checkpoint may only move past
 * a key when every batch before it is committed too. The tracker takes completions in any
 * order and reports the last key of the longest completed prefix.
 */
export class CommitTracker {
  private nextExpected = 0
  private readonly finishedAhead = new Map<number, SyncValue[]>()
  private committedKey: SyncValue[] | null

  constructor(startAfterKey: SyncValue[] | null) {
    this.committedKey = startAfterKey
  }

  /** Marks batch `sequence` (0-based, in read order) as committed; true when the prefix grew. */
  complete(sequence: number, lastKey: SyncValue[]): boolean {
    this.finishedAhead.set(sequence, lastKey)
    let advanced = false
    for (let key = this.finishedAhead.get(this.nextExpected); key !== undefined; key = this.finishedAhead.get(this.nextExpected)) {
      this.finishedAhead.delete(this.nextExpected)
      this.committedKey = key
      this.nextExpected++
      advanced = true
    }
    return advanced
  }

  get lastCommittedKey(): SyncValue[] | null {
    return this.committedKey
  }
}
