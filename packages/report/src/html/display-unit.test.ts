import { describe, expect, it } from 'vitest'
import { displayUnit, withDisplayUnit } from './display-unit.js'

describe('displayUnit', () => {
  it('shows timings in the unit of their typical size', () => {
    expect(displayUnit('ns', [1.4e6, 1.3e6])).toEqual({ divisor: 1e6, label: 'ms' })
    expect(displayUnit('ns', [91_000])).toEqual({ divisor: 1e3, label: 'µs' })
    expect(displayUnit('us', [1900, 4800])).toEqual({ divisor: 1e3, label: 'ms' })
    expect(displayUnit('ms', [23_800])).toEqual({ divisor: 1e3, label: 's' })
  })

  it('scales bytes by powers of 1024, fractions to percent, and rates by thousands from 10,000', () => {
    expect(displayUnit('bytes', [96 * 1024 ** 2])).toEqual({ divisor: 1024 ** 2, label: 'MiB' })
    expect(displayUnit('fraction', [0.38])).toEqual({ divisor: 0.01, label: '%' })
    expect(displayUnit('rows/s', [31_500])).toEqual({ divisor: 1e3, label: 'krows/s' })
    expect(displayUnit('rows/s', [2_100])).toEqual({ divisor: 1, label: 'rows/s' })
    expect(displayUnit('count', [12])).toEqual({ divisor: 1, label: 'count' })
  })

  it('labels plotted numbers with their unit', () => {
    expect(withDisplayUnit(12.5, { divisor: 1e6, label: 'ms' })).toBe('12.5 ms')
    expect(withDisplayUnit(45, { divisor: 0.01, label: '%' })).toBe('45%')
  })
})
