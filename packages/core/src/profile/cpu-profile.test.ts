import { describe, expect, it } from 'vitest'
import { syntheticProfile } from '../../test-fixtures/synthetic-profile.js'
import { isDynoError } from '../errors/dyno-error.js'
import { parseCpuProfile } from './cpu-profile.js'

function problem(text: string): string {
  try {
    parseCpuProfile(text, 'x.cpuprofile')
    return 'no error'
  } catch (error) {
    return isDynoError(error) ? error.message : `not a DynoError: ${String(error)}`
  }
}

describe('parseCpuProfile', () => {
  it('accepts a profile and refuses damaged ones with the file and the reason', () => {
    const good = syntheticProfile([{ stack: ['a'], samples: 2 }])
    expect(parseCpuProfile(JSON.stringify(good), 'x.cpuprofile').nodes).toHaveLength(2)
    expect(problem('{')).toMatch(/^x\.cpuprofile is not valid JSON/)
    expect(problem('[]')).toBe('x.cpuprofile is not a CPU profile: it is not a JSON object')
    expect(problem(JSON.stringify({ ...good, samples: [99, 99], timeDeltas: [1, 1] }))).toMatch(/node 99, which is not in 'nodes'/)
    expect(problem(JSON.stringify({ ...good, timeDeltas: [1] }))).toMatch(/same length/)
  })
})
