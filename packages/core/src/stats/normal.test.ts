import { describe, expect, it } from 'vitest'
import { erfc, normalCdf, normalQuantile, normalSurvival } from './normal.js'

describe('normal distribution', () => {
  it('matches reference values of erfc to 13 significant digits', () => {
    // Values from scipy.special.erfc.
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14)
    expect(erfc(2)).toBeCloseTo(0.004677734981047266, 15)
    expect(erfc(4) / 1.541725790028002e-8).toBeCloseTo(1, 12)
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14)
  })

  it('keeps relative precision in far tails', () => {
    expect(normalSurvival(8) / 6.22096057427178e-16).toBeCloseTo(1, 10)
  })

  it('inverts its own CDF', () => {
    for (const p of [1e-6, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12)
  })
})
