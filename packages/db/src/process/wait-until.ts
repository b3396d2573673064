import { setTimeout as sleep } from 'node:timers/promises'

export interface WaitOptions {
  timeoutMs: number
  intervalMs?: number
  signal?: AbortSignal
  /** Checked before every attempt: a reason to stop waiting at once (e.g. the server exited). */
  giveUpIf?: () => Error | null
}

/**
 * Retries `attempt` until it resolves, a give-up condition holds, or the timeout passes. The
 * last attempt's error is kept, so a timeout says why the server never became ready instead
 * of just "timed out".
 */
export async function waitUntil<T>(attempt: () => Promise<T>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs
  let lastError: unknown = null
  for (;;) {
    options.signal?.throwIfAborted()
    const reason = options.giveUpIf?.() ?? null
    if (reason !== null) throw reason
    try {
      return await attempt()
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? lastError.message : String(lastError)
      throw new Error(`not ready after ${options.timeoutMs} ms; last attempt: ${detail}`, { cause: lastError })
    }
    await sleep(options.intervalMs ?? 50, undefined, options.signal ? { signal: options.signal } : undefined)
  }
}

/** Rejects after `ms` unless `promise` settles first; for driver calls that can hang on a wrong peer. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
