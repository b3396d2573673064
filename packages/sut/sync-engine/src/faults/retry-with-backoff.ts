import { setTimeout as sleep } from 'node:timers/promises'

export interface BackoffPolicy {
  /** Tries in all, the first included. */
  attempts: number
  initialDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { attempts: 6, initialDelayMs: 100, maxDelayMs: 5000 }

/**
 * Delay before retry number `retry` (1-based): exponential, capped, with "equal jitter" (half
 * fixed, half random) so writers that failed together do not all come back at the same
 * instant, yet none retries at once. (AWS Architecture Blog, "Exponential Backoff and Jitter".)
 */
export function backoffDelayMs(policy: BackoffPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1))
  return ceiling / 2 + random() * (ceiling / 2)
}

/**
 * Runs `work`, trying again after a backoff while it fails with an error `isTransient`
 * accepts; any other error, or the last attempt's, goes to the caller.
 */
export async function retryWithBackoff<T>(
  work: () => Promise<T>,
  options: {
    policy: BackoffPolicy
    isTransient: (error: unknown) => boolean
    onRetry?: (retry: number, error: unknown, delayMs: number) => void
    wait?: (ms: number) => Promise<unknown>
  },
): Promise<T> {
  const wait = options.wait ?? sleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (attempt >= options.policy.attempts || !options.isTransient(error)) throw error
      const delayMs = backoffDelayMs(options.policy, attempt)
      options.onRetry?.(attempt, error, delayMs)
      await wait(delayMs)
    }
  }
}
