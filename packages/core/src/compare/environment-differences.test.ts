import { describe, expect, it } from 'vitest'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { environmentDifferences } from './environment-differences.js'

describe('environmentDifferences', () => {
  const here = collectFingerprint({ cwd: process.cwd() })

  it('finds nothing between a fingerprint and itself', () => {
    expect(environmentDifferences(here, here)).toEqual([])
  })

  it('names CPU model, core count, Node major and database version as blocking', () => {
    const other = {
      ...here,
      cpu: { ...here.cpu, model: 'Other CPU', cores: here.cpu.cores + 2 },
      runtime: { ...here.runtime, node: '22.1.0' },
      databases: [{ engine: 'mysql', version: '8.0.36', settings: {} }],
    }
    const blocking = environmentDifferences(here, other).filter((d) => d.severity === 'blocking')
    expect(blocking.map((d) => d.field)).toEqual(['cpu.model', 'cpu.cores', 'runtime.node (major)', 'databases.mysql.version'])
    expect(blocking[3]).toMatchObject({ base: 'none', head: '8.0.36' })
  })

  it('treats a different patch release of Node as notable only', () => {
    const other = { ...here, runtime: { ...here.runtime, node: `${here.runtime.node.split('.')[0]}.0.0` } }
    const differences = environmentDifferences(here, other)
    expect(differences.every((d) => d.severity === 'notable')).toBe(true)
  })
})
