import { detectDeletions } from '../detect-deletions.js'
import { type BackoffPolicy, DEFAULT_BACKOFF, retryWithBackoff } from '../faults/retry-with-backoff.js'
import { validateMapping } from '../schema/table-mapping.js'
import type { SyncSource } from '../sources/sync-source.js'
import type { SyncJob, TableSync } from '../sync-job.js'
import { planSync } from '../sync-plan.js'
import type { RunOptions, SyncResult } from '../sync-result.js'
import type { SyncTarget } from '../targets/sync-target.js'
import { adaptiveBatchSize, estimatedRowBytes } from './adaptive-batch-size.js'
import { BatchProcessor } from './batch-processor.js'
import { MemoryMonitor } from './memory-monitor.js'

export interface OptimizedSyncOptions {
  /** Rows per batch, or 'adaptive' (seed 003's table; the default). */
  batchRows?: number | 'adaptive'
  /** Batches written at once (default 2: on 2 cores more only adds contention, notes §4c). */
  maxWorkers?: number
  /** The memory the sync may use (default 512 MiB); intake pauses above `memoryThreshold` of it. */
  maxMemoryBytes?: number
  memoryThreshold?: number
  /** Per-batch timeout (seed 003: 30 s). */
  batchTimeoutMs?: number
  retry?: BackoffPolicy
  /** How often the checkpoint is written while rows flow (default 1 s; 0: after every batch). */
  checkpointIntervalMs?: number
  /** Replaces the process-wide monitor (tests use one with a fake memory reading). */
  memoryMonitor?: MemoryMonitor
}

const MIB = 1024 * 1024

/**
 * Seed 000's "after" with seed 003's BatchProcessor: the source is streamed in key order with
 * backpressure, batches are upserted by a bounded pool of workers with multi-row statements,
 * counters are plain fields (one thread), and a checkpoint in the target makes an interrupted
 * sync resume where it stopped.
 */
export class OptimizedSync implements TableSync {
  private readonly options: Required<Omit<OptimizedSyncOptions, 'memoryMonitor'>>
  private readonly memoryMonitor: MemoryMonitor | undefined

  constructor(
    private readonly source: SyncSource,
    private readonly target: SyncTarget,
    options: OptimizedSyncOptions = {},
  ) {
    this.options = {
      batchRows: options.batchRows ?? 'adaptive',
      maxWorkers: options.maxWorkers ?? 2,
      maxMemoryBytes: options.maxMemoryBytes ?? 512 * MIB,
      memoryThreshold: options.memoryThreshold ?? 0.8,
      batchTimeoutMs: options.batchTimeoutMs ?? 30_000,
      retry: options.retry ?? DEFAULT_BACKOFF,
      checkpointIntervalMs: options.checkpointIntervalMs ?? 1000,
    }
    this.memoryMonitor = options.memoryMonitor
    const { batchRows, maxWorkers, batchTimeoutMs } = this.options
    const problems = [
      batchRows === 'adaptive' || (Number.isInteger(batchRows) && batchRows >= 1 && batchRows <= 50_000)
        ? null
        : `batchRows ${batchRows} must be 'adaptive' or an integer from 1 to 50,000`,
      Number.isInteger(maxWorkers) && maxWorkers >= 1 && maxWorkers <= 64
        ? null
        : `maxWorkers ${maxWorkers} must be an integer from 1 to 64`,
      batchTimeoutMs > 0 ? null : `batchTimeoutMs ${batchTimeoutMs} must be positive`,
    ].filter((p): p is string => p !== null)
    if (problems.length > 0) throw new RangeError(`bad optimized sync options: ${problems.join('; ')}`)
  }

  async run(job: SyncJob, options: RunOptions = {}): Promise<SyncResult> {
    const mapping = validateMapping(job.mapping)
    const started = performance.now()
    const memory =
      this.memoryMonitor ?? new MemoryMonitor({ limitBytes: this.options.maxMemoryBytes, threshold: this.options.memoryThreshold })
    const writeCheckpoint = (checkpoint: Parameters<SyncTarget['writeCheckpoint']>[1]) =>
      retryWithBackoff(() => this.target.writeCheckpoint(mapping, checkpoint), {
        policy: this.options.retry,
        isTransient: (error) => this.target.isTransient(error),
      })

    await this.target.ensureTable(mapping)
    const plan = await planSync(this.source, this.target, job)
    await writeCheckpoint(plan.checkpoint)
    const totalRows = await this.source.countRows(mapping, plan.read)
    const batchRows =
      this.options.batchRows === 'adaptive'
        ? adaptiveBatchSize({
            totalRows,
            limitBytes: memory.limitBytes,
            usedBytes: memory.sample(),
            rowBytes: estimatedRowBytes(mapping.columns.length),
            workers: this.options.maxWorkers,
            threshold: memory.threshold,
          })
        : this.options.batchRows

    const processor = new BatchProcessor(this.target, mapping, this.options, memory)
    const stats = await processor.process(this.source.readBatches(mapping, { ...plan.read, batchRows }), {
      totalRows,
      startAfterKey: plan.checkpoint.afterKey,
      onCommitted: (afterKey) => writeCheckpoint({ ...plan.checkpoint, afterKey }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
    const deletedRows = job.detectDeletes === true ? await detectDeletions(this.source, this.target, mapping, batchRows) : 0
    await writeCheckpoint({ ...plan.checkpoint, state: 'completed', afterKey: stats.lastCommittedKey })
    memory.sample()
    const durationMs = performance.now() - started
    return {
      variant: 'optimized',
      mode: job.mode,
      totalRows,
      processedRows: stats.processedRows,
      failedRows: stats.failedRows,
      batchCount: stats.batchCount,
      durationMs,
      avgBatchMs: stats.batchCount === 0 ? 0 : stats.batchMsTotal / stats.batchCount,
      memoryPeakBytes: memory.peakRssBytes,
      rowsPerSec: durationMs === 0 ? 0 : (stats.processedRows / durationMs) * 1000,
      deletedRows,
      failures: stats.failures,
      resumedAfterKey: plan.resumed && plan.read.afterKey != null ? [...plan.read.afterKey] : null,
      batchRows,
      memoryPauses: memory.pauses,
      retries: stats.retries,
    }
  }
}
