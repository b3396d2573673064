import { detectDeletions } from '../detect-deletions.js'
import { keyIndexes, validateMapping } from '../schema/table-mapping.js'
import type { SyncSource } from '../sources/sync-source.js'
import type { SyncJob, TableSync } from '../sync-job.js'
import { planSync } from '../sync-plan.js'
import { MAX_LISTED_FAILURES, type RowFailure, type RunOptions, type SyncResult } from '../sync-result.js'
import type { SyncTarget } from '../targets/sync-target.js'
import type { SyncRow } from '../values/sync-value.js'
import { Channel } from './channel.js'
import { Mutex } from './mutex.js'
import { Semaphore } from './semaphore.js'

export interface NaiveSyncOptions {
  /** Rows in flight at once (the "before" code's semaphore). */
  concurrency?: number
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Seed 000's "before", kept faithfully so its costs can be measured: the whole source result
 * set is loaded into memory, rows pass through a buffer of one row, each row gets its own
 * promise (a goroutine in the original) gated by a semaphore, each looks its target record up
 * and then sends one INSERT or UPDATE in autocommit on a pool with default settings, and the
 * counters are updated under a mutex. A row the target rejects is counted with its key and
 * the sync goes on.
 */
export class NaiveSync implements TableSync {
  private readonly concurrency: number

  constructor(
    private readonly source: SyncSource,
    private readonly target: SyncTarget,
    options: NaiveSyncOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 10
  }

  async run(job: SyncJob, options: RunOptions = {}): Promise<SyncResult> {
    const mapping = validateMapping(job.mapping)
    const started = performance.now()
    let peakRss = process.memoryUsage.rss()
    await this.target.ensureTable(mapping)
    const plan = await planSync(this.source, this.target, job)
    await this.target.writeCheckpoint(mapping, plan.checkpoint)

    const rows = await this.source.readAll(mapping, plan.read)
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
    const keys = keyIndexes(mapping)
    const counters = { processed: 0, failed: 0 }
    const failures: RowFailure[] = []
    const mutex = new Mutex()
    const semaphore = new Semaphore(this.concurrency)
    const channel = new Channel<SyncRow>(1)

    const syncRow = async (row: SyncRow): Promise<void> => {
      try {
        const key = keys.map((i) => row[i] ?? null)
        if (await this.target.rowExists(mapping, key)) await this.target.updateRow(mapping, row)
        else await this.target.insertRow(mapping, row)
        await mutex.run(() => {
          counters.processed++
        })
      } catch (error) {
        await mutex.run(() => {
          counters.failed++
          if (failures.length < MAX_LISTED_FAILURES) failures.push({ key: keys.map((i) => row[i] ?? null), reason: reasonOf(error) })
        })
      }
      options.onProgress?.({
        totalRows: rows.length,
        processedRows: counters.processed,
        failedRows: counters.failed,
        batchCount: counters.processed + counters.failed,
        elapsedMs: performance.now() - started,
      })
    }

    const producer = (async () => {
      try {
        for (const row of rows) {
          if (options.signal?.aborted === true) break
          await channel.send(row)
        }
      } finally {
        channel.close()
      }
    })()
    const inFlight = new Set<Promise<void>>()
    for await (const row of channel) {
      await semaphore.acquire()
      const task = syncRow(row).finally(() => {
        semaphore.release()
        inFlight.delete(task)
      })
      inFlight.add(task)
    }
    await producer
    await Promise.all(inFlight)
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
    options.signal?.throwIfAborted()

    const deletedRows = job.detectDeletes === true ? await detectDeletions(this.source, this.target, mapping, 1) : 0
    const lastRow = rows[rows.length - 1]
    await this.target.writeCheckpoint(mapping, {
      ...plan.checkpoint,
      state: 'completed',
      afterKey: lastRow === undefined ? plan.checkpoint.afterKey : keys.map((i) => lastRow[i] ?? null),
    })
    const durationMs = performance.now() - started
    const attempted = counters.processed + counters.failed
    return {
      variant: 'naive',
      mode: job.mode,
      totalRows: rows.length,
      processedRows: counters.processed,
      failedRows: counters.failed,
      // Every row is its own batch of one.
      batchCount: attempted,
      durationMs,
      avgBatchMs: attempted === 0 ? 0 : durationMs / attempted,
      memoryPeakBytes: peakRss,
      rowsPerSec: durationMs === 0 ? 0 : (counters.processed / durationMs) * 1000,
      deletedRows,
      failures,
      resumedAfterKey: plan.resumed && plan.read.afterKey != null ? [...plan.read.afterKey] : null,
      batchRows: 1,
      memoryPauses: 0,
      retries: 0,
    }
  }
}
