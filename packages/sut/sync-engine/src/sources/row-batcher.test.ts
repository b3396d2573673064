import { describe, expect, it } from 'vitest'
import { RowBatcher } from './row-batcher.js'

describe('RowBatcher', () => {
  it('decodes every column and hands out full batches, then the rest, then nothing', () => {
    const batcher = new RowBatcher([(raw) => Number(raw) * 10, (raw) => String(raw)], 2)
    expect(batcher.add([1, 'a'])).toBeNull()
    expect(batcher.add([2, 'b'])).toEqual([
      [10, 'a'],
      [20, 'b'],
    ])
    expect(batcher.add([3, 'c'])).toBeNull()
    expect(batcher.rest()).toEqual([[30, 'c']])
    expect(batcher.rest()).toBeNull()
  })

  it('gives no rest after an exact number of full batches, and fresh arrays for every batch', () => {
    const batcher = new RowBatcher([(raw) => Number(raw)], 1)
    const first = batcher.add([1])
    const second = batcher.add([2])
    expect(first).toEqual([[1]])
    expect(second).toEqual([[2]])
    expect(first).not.toBe(second)
    expect(batcher.rest()).toBeNull()
  })
})
