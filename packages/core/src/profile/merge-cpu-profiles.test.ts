import { describe, expect, it } from 'vitest'
import { syntheticProfile } from '../../test-fixtures/synthetic-profile.js'
import { cpuProfileProblem } from './cpu-profile.js'
import { functionCosts } from './function-costs.js'
import { mergeCpuProfiles } from './merge-cpu-profiles.js'

describe('mergeCpuProfiles', () => {
  it('merges rounds from different processes by call path, adding their samples and time', () => {
    const first = syntheticProfile([
      { stack: ['main', 'work'], samples: 10 },
      { stack: ['main'], samples: 2 },
    ])
    // Another process: other node ids and script ids, one more call path.
    const second = syntheticProfile(
      [
        { stack: ['main', 'work'], samples: 6, deltaUs: 200 },
        { stack: ['main', 'helper'], samples: 4 },
      ],
      { idOffset: 100, scriptId: '77' },
    )
    const merged = mergeCpuProfiles([first, second])
    expect(cpuProfileProblem(merged)).toBeNull()
    expect(merged.samples).toHaveLength(22)
    expect(merged.nodes.filter((n) => n.callFrame.functionName === 'work')).toHaveLength(1)
    const costs = functionCosts(merged)
    expect(costs.functions.find((f) => f.functionName === 'work')).toMatchObject({ selfSamples: 16 })
    expect(costs.functions.find((f) => f.functionName === 'work')?.selfMs).toBeCloseTo(1 + 1.2, 9)
    expect(costs.functions.find((f) => f.functionName === 'helper')?.selfSamples).toBe(4)
    expect(merged.endTime - merged.startTime).toBeCloseTo(costs.totalMs * 1000, 6)
  })

  it('returns a single profile as it is', () => {
    const only = syntheticProfile([{ stack: ['a'], samples: 1 }])
    expect(mergeCpuProfiles([only])).toBe(only)
  })
})
