import { describe, expect, it } from 'vitest'
import type { RoundRecord, VariantResult } from '../schema/result-file.js'
import { referenceFraction } from './reference-fraction.js'

function variant(name: string, throughputs: readonly (number | null)[], status: VariantResult['status'] = 'completed'): VariantResult {
  const rounds = throughputs.map(
    (value, round): RoundRecord => ({
      round,
      position: 0,
      startedAt: '2026-11-23T10:45:12.000Z',
      isolation: 'in-process',
      status: value === null ? 'errored' : 'ok',
      values: value === null ? {} : { throughputRps: value },
      detail: {},
    }),
  )
  return { name, baseline: false, description: null, status, statusReason: null, rounds, summaries: {} }
}

const scenario = { id: 'account-service/read-heavy' } as Parameters<typeof referenceFraction>[0]['scenario']

describe('referenceFraction', () => {
  it("reports a service's throughput as a fraction of the ceiling measured in the same rounds", () => {
    // The machine's speed drifts from round to round; the fraction stays about 0.3.
    const ceiling = variant('node-http-ceiling', [40_000, 20_000, 30_000, 36_000, 24_000, 32_000, 28_000, 38_000])
    const service = variant('sqlite-wal', [12_100, 5_950, 9_000, 10_850, 7_150, 9_650, 8_380, 11_390])
    const fraction = referenceFraction(
      { scenario, variants: [ceiling, service] },
      { variant: 'sqlite-wal', reference: 'node-http-ceiling' },
    )
    expect(fraction).toMatchObject({ variant: 'sqlite-wal', reference: 'node-http-ceiling', metric: 'throughputRps', pairs: 8 })
    expect(fraction?.estimate).toBeCloseTo(0.3, 2)
    expect(fraction?.low).toBeGreaterThan(0.29)
    expect(fraction?.high).toBeLessThan(0.31)
  })

  it('pairs only rounds in which both completed, and gives nothing for a variant that did not complete', () => {
    const ceiling = variant('ceiling', [100, 100, null, 100])
    const service = variant('service', [50, null, 50, 50])
    expect(referenceFraction({ scenario, variants: [ceiling, service] }, { variant: 'service', reference: 'ceiling' })?.pairs).toBe(2)
    const broken = variant('broken', [1, 1, 1, 1], 'errored')
    expect(referenceFraction({ scenario, variants: [ceiling, broken] }, { variant: 'broken', reference: 'ceiling' })).toBeNull()
    expect(referenceFraction({ scenario, variants: [ceiling] }, { variant: 'missing', reference: 'ceiling' })).toBeNull()
  })
})
