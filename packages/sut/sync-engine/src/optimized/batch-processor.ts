import { BatchTimeoutError, withBatchTimeout } from '../faults/batch-timeout.js'
import { type BackoffPolicy, retryWithBackoff } from '../faults/retry-with-backoff.js'
import { keyIndexes, type TableMapping } from '../schema/table-mapping.js'
import { MAX_LISTED_FAILURES, type RowFailure, type SyncProgress } from '../sync-result.js'
import type { SyncTarget } from '../targets/sync-target.js'
import type { SyncRow, SyncValue } from '../values/sync-value.js'
import { CommitTracker } from './commit-tracker.js'
import type { MemoryMonitor } from './memory-monitor.js'

export interface BatchProcessorConfig {
  /** Batches written at once (a bounded worker pool; each holds one target connection). */
  maxWorkers: number
  batchTimeoutMs: number
  retry: BackoffPolicy
  /** The checkpoint is written at most this often (and always at the end). 0: after every batch. */
  checkpointIntervalMs: number
}

export interface BatchRunHooks {
  totalRows: number
  startAfterKey: SyncValue[] | null
  /** Persists a checkpoint: every row up to `afterKey` is committed. */
  onCommitted: (afterKey: SyncValue[]) => Promise<void>
  onProgress?: (progress: SyncProgress) => void
  signal?: AbortSignal
}

export interface BatchRunStats {
  processedRows: number
  failedRows: number
  failures: RowFailure[]
  batchCount: number
  batchMsTotal: number
  retries: number
  lastCommittedKey: SyncValue[] | null
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Seed 003's BatchProcessor: writes batches through a bounded pool of workers, pauses intake
 * while memory is above the monitor's threshold, gives each batch a timeout, retries
 * transient failures with backoff, and isolates rows the target rejects by splitting the
 * failing batch in halves until the bad rows stand alone (about 2·log2(n) extra statements
 * per bad row). Rejected rows are reported with their keys; the sync goes on.
 */
export class BatchProcessor {
  private readonly keyAt: number[]

  constructor(
    private readonly target: SyncTarget,
    private readonly mapping: TableMapping,
    private readonly config: BatchProcessorConfig,
    private readonly memory: MemoryMonitor,
  ) {
    this.keyAt = keyIndexes(mapping)
  }

  private keyOf(row: SyncRow): SyncValue[] {
    return this.keyAt.map((i) => row[i] ?? null)
  }

  private isRetryable(error: unknown): boolean {
    return error instanceof BatchTimeoutError || this.target.isTransient(error)
  }

  async process(batches: AsyncIterable<SyncRow[]>, hooks: BatchRunHooks): Promise<BatchRunStats> {
    const stats: BatchRunStats = {
      processedRows: 0,
      failedRows: 0,
      failures: [],
      batchCount: 0,
      batchMsTotal: 0,
      retries: 0,
      lastCommittedKey: hooks.startAfterKey,
    }
    const started = performance.now()
    const tracker = new CommitTracker(hooks.startAfterKey)
    let checkpointWrite: Promise<void> = Promise.resolve()
    let lastCheckpointAt = performance.now()
    let fatal: { error: unknown } | null = null

    const write = (rows: readonly SyncRow[]) =>
      retryWithBackoff(
        () =>
          withBatchTimeout(
            this.target.upsertBatch(this.mapping, rows, { timeoutMs: this.config.batchTimeoutMs }),
            this.config.batchTimeoutMs,
            `a batch of ${rows.length} rows`,
          ),
        {
          policy: this.config.retry,
          isTransient: (error) => this.isRetryable(error),
          onRetry: () => {
            stats.retries++
          },
        },
      )

    const writeIsolated = async (rows: readonly SyncRow[]): Promise<number> => {
      try {
        await write(rows)
        return rows.length
      } catch (error) {
        if (this.isRetryable(error)) throw error
        if (rows.length === 1) {
          stats.failedRows++
          if (stats.failures.length < MAX_LISTED_FAILURES)
            stats.failures.push({ key: this.keyOf(rows[0] as SyncRow), reason: reasonOf(error) })
          return 0
        }
        const half = Math.ceil(rows.length / 2)
        const first = await writeIsolated(rows.slice(0, half))
        const second = await writeIsolated(rows.slice(half))
        return first + second
      }
    }

    const runBatch = async (rows: SyncRow[], sequence: number): Promise<void> => {
      const batchStarted = performance.now()
      // Read the counter only after the await: `x += await y` would add to a stale x while other batches count too.
      const written = await writeIsolated(rows)
      stats.processedRows += written
      stats.batchCount++
      stats.batchMsTotal += performance.now() - batchStarted
      if (tracker.complete(sequence, this.keyOf(rows[rows.length - 1] as SyncRow))) {
        const now = performance.now()
        const key = tracker.lastCommittedKey
        if (key !== null && now - lastCheckpointAt >= this.config.checkpointIntervalMs) {
          lastCheckpointAt = now
          // Chained, so checkpoints are written in the order their keys were reached.
          checkpointWrite = checkpointWrite.then(() => hooks.onCommitted(key))
        }
      }
      hooks.onProgress?.({
        totalRows: hooks.totalRows,
        processedRows: stats.processedRows,
        failedRows: stats.failedRows,
        batchCount: stats.batchCount,
        elapsedMs: performance.now() - started,
      })
    }

    const inFlight = new Set<Promise<void>>()
    let sequence = 0
    for await (const rows of batches) {
      if (rows.length === 0) continue
      // Intake waits for a free worker, and while memory is above the threshold for a batch in
      // flight to finish; with none in flight there is nothing to wait for, so it goes on.
      while (inFlight.size >= this.config.maxWorkers || (inFlight.size > 0 && this.memory.isAboveThreshold())) {
        if (inFlight.size < this.config.maxWorkers) this.memory.notePause()
        await Promise.race(inFlight)
      }
      if (fatal !== null || hooks.signal?.aborted === true) break
      const task: Promise<void> = runBatch(rows, sequence++)
        .catch((error: unknown) => {
          fatal ??= { error }
        })
        .finally(() => inFlight.delete(task))
      inFlight.add(task)
    }
    await Promise.all(inFlight)
    this.memory.sample()
    stats.lastCommittedKey = tracker.lastCommittedKey
    try {
      await checkpointWrite
      if (stats.lastCommittedKey !== null && stats.lastCommittedKey !== hooks.startAfterKey) await hooks.onCommitted(stats.lastCommittedKey)
    } catch (error) {
      // With the target gone the checkpoint cannot be saved either; the write failure that
      // stopped the sync is the one to report (the stored checkpoint is older, never wrong).
      if (fatal === null) throw error
    }
    if (fatal !== null) throw (fatal as { error: unknown }).error
    hooks.signal?.throwIfAborted()
    return stats
  }
}
