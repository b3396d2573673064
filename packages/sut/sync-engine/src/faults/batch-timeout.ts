/** A batch that took longer than its limit. Transient: the batch is tried again. */
export class BatchTimeoutError extends Error {
  override readonly name = 'BatchTimeoutError'
  readonly code = 'BATCH_TIMEOUT'
}

/**
 * Rejects when `work` takes longer than `timeoutMs` (seed 003: 30 s per batch, so no batch
 * holds locks for long). The target is told the same limit, so it abandons the statement
 * too; this guard also covers the time spent waiting for a connection.
 */
export async function withBatchTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BatchTimeoutError(`${what} took longer than ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([work, expired])
  } finally {
    clearTimeout(timer)
  }
}
