import { describe, expect, it } from 'vitest'
import { isDynoError } from '../errors/dyno-error.js'
import { inShard, parseShard, shardOf } from './shard.js'

const ids = Array.from({ length: 200 }, (_, i) => `system-${i % 7}/scenario-${i}`)

describe('shards', () => {
  it('parses INDEX/COUNT and refuses anything else with a usage error', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 })
    for (const bad of ['0/4', '5/4', '2', '2/0', 'a/b', '-1/4', '1.5/4', '']) {
      let error: unknown
      try {
        parseShard(bad)
      } catch (e) {
        error = e
      }
      expect(isDynoError(error), bad).toBe(true)
    }
  })

  it('puts every scenario in exactly one shard', () => {
    for (const count of [1, 2, 3, 4, 7]) {
      for (const id of ids) {
        const owners = Array.from({ length: count }, (_, i) => i + 1).filter((index) => inShard(id, { index, count }))
        expect(owners).toEqual([shardOf(id, count)])
      }
    }
  })

  it('does not move a scenario when unrelated scenarios are added', () => {
    const before = new Map(ids.map((id) => [id, shardOf(id, 4)]))
    const more = [...ids, 'new-system/one', 'new-system/two', 'aaa/first-in-sort-order']
    for (const id of ids) expect(shardOf(id, 4)).toBe(before.get(id))
    expect(more.filter((id) => !before.has(id)).every((id) => shardOf(id, 4) >= 1 && shardOf(id, 4) <= 4)).toBe(true)
  })

  it('spreads many scenarios roughly evenly', () => {
    const counts = [0, 0, 0, 0]
    for (const id of ids) counts[shardOf(id, 4) - 1] = (counts[shardOf(id, 4) - 1] ?? 0) + 1
    for (const n of counts) expect(n).toBeGreaterThan(30)
  })

  it('is the documented function: the first 32 bits of sha256(id), modulo the count, plus one', () => {
    // `printf fixture/spin | sha256sum` begins 99ac4fd9 = 2578206681; 2578206681 mod 4 = 1, mod 3 = 0.
    expect(shardOf('fixture/spin', 4)).toBe(2)
    expect(shardOf('fixture/spin', 3)).toBe(1)
    expect(shardOf('fixture/spin', 1)).toBe(1)
  })
})
