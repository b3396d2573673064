import { describe, expect, it } from 'vitest'
import { CommitTracker } from './commit-tracker.js'

describe('commit tracker', () => {
  it('moves the checkpoint only over batches whose predecessors are all committed', () => {
    const tracker = new CommitTracker(['0'])
    expect(tracker.complete(1, ['20'])).toBe(false)
    expect(tracker.lastCommittedKey).toEqual(['0'])
    expect(tracker.complete(0, ['10'])).toBe(true)
    expect(tracker.lastCommittedKey).toEqual(['20'])
    expect(tracker.complete(3, ['40'])).toBe(false)
    expect(tracker.complete(2, ['30'])).toBe(true)
    expect(tracker.lastCommittedKey).toEqual(['40'])
  })
})
