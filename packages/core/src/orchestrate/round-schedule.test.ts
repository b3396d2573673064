import { describe, expect, it } from 'vitest'
import { createRandom } from '../stats/prng.js'
import { roundOrder } from './round-schedule.js'

describe('roundOrder', () => {
  it('reverses the previous order on odd rounds (ABBA)', () => {
    const random = createRandom(3)
    const first = roundOrder(['a', 'b', 'c'], 0, null, random)
    expect(roundOrder(['a', 'b', 'c'], 1, first, random)).toEqual([...first].reverse())
  })

  it('puts each of two variants first in half of the rounds', () => {
    const random = createRandom(5)
    let previous: string[] | null = null
    let aFirst = 0
    for (let r = 0; r < 40; r++) {
      previous = roundOrder(['a', 'b'], r, previous, random)
      if (previous[0] === 'a') aFirst++
    }
    expect(aFirst).toBe(20)
  })

  it('drops a variant that stopped running', () => {
    expect(roundOrder(['a', 'c'], 1, ['a', 'b', 'c'], createRandom(1))).toEqual(['c', 'a'])
  })
})
