import { describe, expect, it } from 'vitest'
import { SYNTHETIC_URL, syntheticProfile } from '../../test-fixtures/synthetic-profile.js'
import { frameLocation, functionCosts } from './function-costs.js'

describe('functionCosts', () => {
  it('sums each function’s self samples over every call path and divides by all samples for its share', () => {
    const profile = syntheticProfile([
      { stack: ['main', 'parse'], samples: 30 },
      { stack: ['main', 'other', 'parse'], samples: 10 },
      { stack: ['main'], samples: 40 },
      { stack: ['(garbage collector)'], samples: 20 },
    ])
    const costs = functionCosts(profile, { root: '/project' })
    expect(costs.totalSamples).toBe(100)
    const parse = costs.functions.find((f) => f.functionName === 'parse')
    expect(parse).toMatchObject({ selfSamples: 40, share: 0.4, url: 'src/app.js' })
    expect(parse?.selfMs).toBeCloseTo(4, 9)
    expect(costs.functions.map((f) => f.functionName)).toEqual(['main', 'parse', '(garbage collector)'])
    expect(costs.functions.find((f) => f.functionName === '(garbage collector)')?.line).toBeNull()
  })

  it('weights samples by their interval, so a late sampler does not distort the milliseconds', () => {
    const profile = syntheticProfile([
      // The first delta is the profiler's start-up, not an interval: it counts as a median one.
      { stack: ['first'], samples: 1, deltaUs: 50_000 },
      { stack: ['fast'], samples: 10, deltaUs: 100 },
      { stack: ['slow'], samples: 11, deltaUs: 900 },
    ])
    const costs = functionCosts(profile)
    expect(costs.functions.find((f) => f.functionName === 'slow')?.selfMs).toBeCloseTo(9.9, 9)
    expect(costs.functions.find((f) => f.functionName === 'fast')?.selfMs).toBeCloseTo(1, 9)
    expect(costs.functions.find((f) => f.functionName === 'first')?.selfMs).toBeCloseTo(0.9, 9)
    expect(costs.totalMs).toBeCloseTo(11.8, 9)
  })

  it('falls back to hit counts spread over the span when a profile has no samples', () => {
    const {
      samples: _s,
      timeDeltas: _t,
      ...withoutSamples
    } = syntheticProfile([
      { stack: ['a'], samples: 3 },
      { stack: ['b'], samples: 1 },
    ])
    const costs = functionCosts(withoutSamples)
    expect(costs.totalSamples).toBe(4)
    expect(costs.functions[0]).toMatchObject({ functionName: 'a', selfSamples: 3, share: 0.75 })
  })

  it('names anonymous functions and shows 1-based lines', () => {
    const profile = syntheticProfile([{ stack: [{ functionName: '', lineNumber: 9 }], samples: 1 }])
    expect(functionCosts(profile).functions[0]).toMatchObject({ functionName: '(anonymous)', line: 10 })
  })
})

describe('frameLocation', () => {
  it('shows files inside the root relative to it, and everything else as it is', () => {
    expect(frameLocation(SYNTHETIC_URL, '/project')).toBe('src/app.js')
    expect(frameLocation(SYNTHETIC_URL, '/elsewhere')).toBe('/project/src/app.js')
    expect(frameLocation('node:internal/fs/utils')).toBe('node:internal/fs/utils')
    expect(frameLocation('')).toBe('')
  })
})
