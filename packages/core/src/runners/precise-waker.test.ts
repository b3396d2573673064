import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { PreciseWaker } from './precise-waker.js'

describe('PreciseWaker', () => {
  it('wakes once per pending wake, never early, however often it is asked', async () => {
    let wakes = 0
    let wokeAt = 0
    const due = performance.now() + 20
    const woke = new Promise<void>((resolve) => {
      const waker = new PreciseWaker(() => {
        wakes++
        wokeAt = performance.now()
        resolve()
        setTimeout(() => waker.close(), 50)
      })
      waker.wakeAt(due)
      waker.wakeAt(due) // ignored: a wake is already pending
      waker.wakeAt(due + 5)
    })
    await woke
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(wakes).toBe(1)
    // The worker wakes the loop a little before the due time on purpose (the caller polls
    // the rest), but never by more than that margin.
    expect(wokeAt).toBeGreaterThanOrEqual(due - 0.1)
  })

  it('calls back on the next turn of the loop, without the worker, when the due time is already here', async () => {
    const calls: string[] = []
    await new Promise<void>((resolve) => {
      const waker = new PreciseWaker(() => {
        calls.push('woke')
        waker.close()
        resolve()
      })
      waker.wakeAt(performance.now() - 1)
      calls.push('scheduled')
    })
    expect(calls).toEqual(['scheduled', 'woke'])
  })

  it('stays silent after it is closed', async () => {
    let wakes = 0
    const waker = new PreciseWaker(() => {
      wakes++
    })
    waker.wakeAt(performance.now() + 5)
    waker.close()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(wakes).toBe(0)
  })
})
