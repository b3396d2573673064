import { describe, expect, it } from 'vitest'
import { valueAxis } from './value-axis.js'

describe('valueAxis', () => {
  it('puts round ticks around the data on a linear axis and maps the ends to 0 and 1', () => {
    const axis = valueAxis([93, 97, 101, 140])
    expect(axis.kind).toBe('linear')
    expect(axis.ticks).toEqual([90, 100, 110, 120, 130, 140])
    expect(axis.position(axis.min)).toBe(0)
    expect(axis.position(axis.max)).toBe(1)
    expect(axis.position(115)).toBeCloseTo(0.5)
  })

  it('switches to a logarithmic axis when positive values span more than a few times', () => {
    const axis = valueAxis([91_000, 1_400_000])
    expect(axis.kind).toBe('log')
    expect(axis.ticks).toEqual([10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000])
    // Equal ratios are equal distances: 10k→100k is as long as 100k→1M.
    expect(axis.position(100_000) - axis.position(10_000)).toBeCloseTo(axis.position(1_000_000) - axis.position(100_000))
  })

  it('stays linear when values include zero or negatives, and starts at zero when that costs little room', () => {
    expect(valueAxis([0, 5, 1000]).kind).toBe('linear')
    expect(valueAxis([20, 100]).min).toBe(0)
  })

  it('gives a usable axis for one repeated value and for no values at all', () => {
    const flat = valueAxis([7, 7, 7])
    expect(flat.min).toBeLessThan(7)
    expect(flat.max).toBeGreaterThan(7)
    expect(valueAxis([]).ticks.length).toBeGreaterThan(1)
  })
})
