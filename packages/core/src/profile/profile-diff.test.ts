import { describe, expect, it } from 'vitest'
import { syntheticProfile } from '../../test-fixtures/synthetic-profile.js'
import { functionCosts } from './function-costs.js'
import { diffFunctionCosts } from './profile-diff.js'

describe('diffFunctionCosts', () => {
  it('puts a function that only the head runs at the top, with its share on each side', () => {
    const base = functionCosts(
      syntheticProfile([
        { stack: ['main', 'sharedWork'], samples: 95 },
        { stack: ['(program)'], samples: 5 },
      ]),
    )
    // The head does the same work plus a new hot function: more samples in all.
    const head = functionCosts(
      syntheticProfile([
        { stack: ['main', 'sharedWork'], samples: 95 },
        { stack: ['main', 'newHotFunction'], samples: 150 },
        { stack: ['(program)'], samples: 5 },
      ]),
    )
    const diff = diffFunctionCosts(base, head)
    expect(diff.baseSamples).toBe(100)
    expect(diff.headSamples).toBe(250)
    const [first, second] = diff.functions
    expect(first).toMatchObject({ functionName: 'newHotFunction', baseShare: 0, headShare: 0.6, baseLine: null })
    expect(first?.change).toBeCloseTo(0.6, 9)
    // Then the decreases: the shared work is a smaller share of the slower head.
    expect(second?.functionName).toBe('sharedWork')
    expect(second?.change).toBeCloseTo(0.38 - 0.95, 9)
  })

  it('lists the largest increases first, then the largest decreases, at most `top` of each', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f']
    const base = functionCosts(syntheticProfile(names.map((n) => ({ stack: [n], samples: 10 }))))
    // Shares go from 1/6 each to 30, 25, 15, 10, 10, 10 per cent.
    const head = functionCosts(syntheticProfile(names.map((n, i) => ({ stack: [n], samples: [30, 25, 15, 10, 10, 10][i] as number }))))
    const diff = diffFunctionCosts(base, head, { top: 2 })
    expect(diff.functions.map((f) => f.functionName)).toEqual(['a', 'b', 'd', 'e'])
    expect(diff.functions.map((f) => Math.sign(f.change))).toEqual([1, 1, -1, -1])
  })

  it('lists the head’s new function before a larger share the head no longer spends elsewhere', () => {
    // Within a run each variant has its own code: the base's wrapper vanishes from the head.
    const base = functionCosts(
      syntheticProfile([
        { stack: ['baseWrapper'], samples: 90 },
        { stack: ['(program)'], samples: 10 },
      ]),
    )
    const head = functionCosts(
      syntheticProfile([
        { stack: ['headWrapper'], samples: 30 },
        { stack: ['headWrapper', 'newHotFunction'], samples: 60 },
        { stack: ['(program)'], samples: 10 },
      ]),
    )
    const diff = diffFunctionCosts(base, head)
    expect(diff.functions[0]?.functionName).toBe('newHotFunction')
    expect(diff.functions.at(-1)).toMatchObject({ functionName: 'baseWrapper', headShare: 0 })
  })

  it('matches a function whose line moved between checkouts by name and file', () => {
    const base = functionCosts(syntheticProfile([{ stack: [{ functionName: 'moved', lineNumber: 10 }], samples: 10 }]))
    const head = functionCosts(
      syntheticProfile([
        { stack: [{ functionName: 'moved', lineNumber: 14 }], samples: 5 },
        { stack: ['added'], samples: 5 },
      ]),
    )
    const moved = diffFunctionCosts(base, head, { matchMovedLines: true }).functions.find((f) => f.functionName === 'moved')
    expect(moved).toMatchObject({ baseLine: 11, headLine: 15, baseShare: 1, headShare: 0.5 })
    // Within one run two variants' functions are different code: no pairing by default.
    expect(diffFunctionCosts(base, head).functions.filter((f) => f.functionName === 'moved')).toHaveLength(2)
  })

  it('does not guess when several functions of one name and file are unmatched', () => {
    const base = functionCosts(syntheticProfile([{ stack: [{ functionName: 'dup', lineNumber: 1 }], samples: 4 }]))
    const head = functionCosts(
      syntheticProfile([
        { stack: [{ functionName: 'dup', lineNumber: 5 }], samples: 2 },
        { stack: [{ functionName: 'dup', lineNumber: 9 }], samples: 2 },
      ]),
    )
    const rows = diffFunctionCosts(base, head, { matchMovedLines: true }).functions
    expect(rows).toHaveLength(3)
    expect(rows.filter((r) => r.baseLine !== null && r.headLine !== null)).toHaveLength(0)
  })

  it('pairs the two variants’ anonymous operations, which the runner calls, as one row', () => {
    const runner = { functionName: 'timeBatch', url: 'file:///dyno/packages/core/dist/runners/micro-runner.js', lineNumber: 73 }
    const base = functionCosts(syntheticProfile([{ stack: [runner, { functionName: '', lineNumber: 19 }], samples: 90 }]))
    const head = functionCosts(
      syntheticProfile([
        { stack: [runner, { functionName: '', lineNumber: 20 }], samples: 50 },
        { stack: [runner, { functionName: '', lineNumber: 20 }, 'newHotFunction'], samples: 40 },
      ]),
    )
    const diff = diffFunctionCosts(base, head)
    expect(diff.functions[0]?.functionName).toBe('newHotFunction')
    expect(diff.functions.find((f) => f.functionName === '(anonymous)')).toMatchObject({ baseLine: 20, headLine: 21 })
    expect(diff.functions.filter((f) => f.functionName === '(anonymous)')).toHaveLength(1)
  })
})
