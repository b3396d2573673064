import { describe, expect, it } from 'vitest'
import { calibrateBatchSize } from './micro-runner.js'

function busyFor(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // spin: a call that is long enough to be timed alone
  }
}

describe('calibrateBatchSize', () => {
  it('times an operation longer than a sample alone, after one warming call and two timed ones', async () => {
    let calls = 0
    const batch = await calibrateBatchSize(
      () => {
        calls++
        busyFor(2)
      },
      { kind: 'micro' },
    )
    expect(batch).toBe(1)
    expect(calls).toBe(3)
  })

  it('awaits an asynchronous operation before timing the next call', async () => {
    let pending = 0
    let overlapped = false
    await calibrateBatchSize(
      async () => {
        if (pending > 0) overlapped = true
        pending++
        await new Promise((resolve) => setImmediate(resolve))
        pending--
      },
      { kind: 'micro', minSampleNs: 1 },
    )
    expect(overlapped).toBe(false)
    expect(pending).toBe(0)
  })
})
