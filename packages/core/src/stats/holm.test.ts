import { describe, expect, it } from 'vitest'
import { holmAdjust } from './holm.js'

describe('holmAdjust', () => {
  it('matches the textbook example and keeps the input order', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005])
    expect(adjusted.map((p) => Number(p.toFixed(10)))).toEqual([0.03, 0.06, 0.06, 0.02])
  })

  it('never adjusts a p-value above one', () => {
    expect(holmAdjust([0.5, 0.6, 0.9])).toEqual([1, 1, 1])
  })
})
