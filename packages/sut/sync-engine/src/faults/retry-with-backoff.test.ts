import { describe, expect, it } from 'vitest'
import { BatchTimeoutError, withBatchTimeout } from './batch-timeout.js'
import { backoffDelayMs, retryWithBackoff } from './retry-with-backoff.js'

const policy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 300 }
const transient = (error: unknown) => (error as { code?: string }).code === 'ECONNRESET'

describe('retry with backoff', () => {
  it('grows the delay exponentially up to the cap, with half of it jittered', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(policy, retry, () => 0))).toEqual([50, 100, 150, 150])
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(policy, retry, () => 1))).toEqual([100, 200, 300, 300])
  })

  it('tries a transient failure again until it succeeds', async () => {
    const waits: number[] = []
    let calls = 0
    const result = await retryWithBackoff(
      async () => {
        calls++
        if (calls < 3) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' })
        return 'done'
      },
      { policy, isTransient: transient, wait: async (ms) => waits.push(ms) },
    )
    expect(result).toBe('done')
    expect(calls).toBe(3)
    expect(waits).toHaveLength(2)
  })

  it('gives up after the last attempt, and at once on an error that is not transient', async () => {
    let calls = 0
    const failing = async () => {
      calls++
      throw Object.assign(new Error('reset'), { code: 'ECONNRESET' })
    }
    await expect(retryWithBackoff(failing, { policy, isTransient: transient, wait: async () => {} })).rejects.toThrow('reset')
    expect(calls).toBe(4)
    calls = 0
    await expect(
      retryWithBackoff(
        async () => {
          calls++
          throw new Error('duplicate')
        },
        { policy, isTransient: transient, wait: async () => {} },
      ),
    ).rejects.toThrow('duplicate')
    expect(calls).toBe(1)
  })

  it('times out a batch that never finishes, with an error that says which', async () => {
    await expect(withBatchTimeout(new Promise(() => {}), 20, 'a batch of 5 rows')).rejects.toThrow(BatchTimeoutError)
    await expect(withBatchTimeout(Promise.resolve(7), 1000, 'a batch')).resolves.toBe(7)
  })
})
