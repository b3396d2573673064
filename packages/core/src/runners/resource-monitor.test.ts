import { describe, expect, it } from 'vitest'
import { withResourceMonitor } from './resource-monitor.js'

describe('withResourceMonitor', () => {
  it('counts the garbage collections of a synchronous job that allocates far more than the young generation', async () => {
    // Two million short-lived objects (tens of MB) cannot fit V8's young generation: it must collect.
    const { output, usage } = await withResourceMonitor(
      () => {
        let keep: { i: number }[] = []
        for (let i = 0; i < 2_000_000; i++) {
          keep.push({ i })
          if (keep.length > 10_000) keep = []
        }
        return keep.length
      },
      { isolatedProcess: false },
    )
    expect(output).toBeGreaterThan(0)
    expect(usage.gcCount).toBeGreaterThan(0)
    expect(usage.gcPauseMs).toBeGreaterThan(0)
  })
})
