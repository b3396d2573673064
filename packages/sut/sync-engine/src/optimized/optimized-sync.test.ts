import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TableMapping } from '../schema/table-mapping.js'
import { SqliteSource } from '../sources/sqlite-source.js'
import type { SyncProgress } from '../sync-result.js'
import { SqliteTarget } from '../targets/sqlite-target.js'
import type { SyncTarget } from '../targets/sync-target.js'
import { contractMapping, numberedRows } from '../testing/sync-contract.js'
import type { SyncRow } from '../values/sync-value.js'
import { verifySync } from '../verify/verify-sync.js'
import { MemoryMonitor } from './memory-monitor.js'
import { OptimizedSync } from './optimized-sync.js'

let dir: string
let closers: (() => Promise<void>)[] = []
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'optimized-sync-'))
})
afterEach(async () => {
  for (const close of closers) await close()
  closers = []
  await rm(dir, { recursive: true, force: true })
})

async function tables(rows: readonly SyncRow[]): Promise<{ mapping: TableMapping; source: SqliteSource; targetFile: string }> {
  const mapping = contractMapping()
  const sourceFile = path.join(dir, 'source.sqlite')
  const writer = new SqliteTarget(sourceFile)
  const asSource = { ...mapping, targetTable: mapping.sourceTable }
  await writer.ensureTable(asSource)
  await writer.upsertBatch(asSource, rows)
  await writer.close()
  const source = new SqliteSource(sourceFile)
  closers.push(() => source.close())
  return { mapping, source, targetFile: path.join(dir, 'target.sqlite') }
}

function target(file: string): SqliteTarget {
  const opened = new SqliteTarget(file)
  closers.push(() => opened.close())
  return opened
}

/** A target whose batch writes fail with a dropped connection `failures` times before they work again. */
function flaky(inner: SyncTarget, failures: number): SyncTarget & { attempts: number } {
  let left = failures
  const wrapper = Object.create(inner) as SyncTarget & { attempts: number }
  wrapper.attempts = 0
  wrapper.upsertBatch = async (mapping, rows, options) => {
    wrapper.attempts++
    if (left > 0) {
      left--
      throw Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' })
    }
    return inner.upsertBatch(mapping, rows, options)
  }
  wrapper.isTransient = (error) => (error as { code?: string }).code === 'PROTOCOL_CONNECTION_LOST' || inner.isTransient(error)
  return wrapper
}

const fastRetry = { attempts: 5, initialDelayMs: 1, maxDelayMs: 5 }

describe('the optimized sync', () => {
  it('resumes an interrupted sync after its checkpoint, losing and duplicating nothing', async () => {
    const rows = numberedRows(200)
    const { mapping, source, targetFile } = await tables(rows)
    const stop = new AbortController()
    const first = new OptimizedSync(source, target(targetFile), { batchRows: 10, maxWorkers: 2, checkpointIntervalMs: 0 })
    await expect(
      first.run(
        { mapping, mode: 'full' },
        {
          signal: stop.signal,
          onProgress: (progress) => {
            if (progress.processedRows >= 50) stop.abort()
          },
        },
      ),
    ).rejects.toThrow()
    const resumedTarget = target(targetFile)
    const copiedBefore = await resumedTarget.countRows(mapping)
    expect(copiedBefore).toBeGreaterThanOrEqual(50)
    expect(copiedBefore).toBeLessThan(200)
    const checkpoint = await resumedTarget.readCheckpoint(mapping)
    expect(checkpoint).toMatchObject({ mode: 'full', state: 'running' })

    const second = await new OptimizedSync(source, resumedTarget, { batchRows: 10, checkpointIntervalMs: 0 }).run({ mapping, mode: 'full' })
    expect(second.resumedAfterKey).toEqual(checkpoint?.afterKey)
    // Rows after the checkpoint only: those of batches that were in flight are copied again, no more.
    expect(second.processedRows).toBe(200 - Number(checkpoint?.afterKey?.[0]))
    expect(await verifySync(source, resumedTarget, mapping)).toMatchObject({ status: 'equal', targetRows: 200 })
    expect(await resumedTarget.readCheckpoint(mapping)).toMatchObject({ state: 'completed', afterKey: ['200'] })
  })

  it('retries batches after a dropped connection with backoff and converges', async () => {
    const rows = numberedRows(100)
    const { mapping, source, targetFile } = await tables(rows)
    const dropping = flaky(target(targetFile), 3)
    const result = await new OptimizedSync(source, dropping, { batchRows: 25, retry: fastRetry }).run({ mapping, mode: 'full' })
    expect(result).toMatchObject({ processedRows: 100, failedRows: 0, retries: 3 })
    expect(dropping.attempts).toBe(4 + 3)
    expect((await verifySync(source, dropping, mapping)).status).toBe('equal')
  })

  it('gives up on a batch that hangs after its timeout and writes it again', async () => {
    const { mapping, source, targetFile } = await tables(numberedRows(40))
    const inner: SyncTarget = target(targetFile)
    const hanging = Object.create(inner) as SyncTarget
    let calls = 0
    hanging.upsertBatch = (m, rows, options) => (++calls === 2 ? new Promise<void>(() => {}) : inner.upsertBatch(m, rows, options))
    const result = await new OptimizedSync(source, hanging, { batchRows: 10, maxWorkers: 1, batchTimeoutMs: 50, retry: fastRetry }).run({
      mapping,
      mode: 'full',
    })
    expect(result).toMatchObject({ processedRows: 40, failedRows: 0, retries: 1 })
    expect(calls).toBe(5)
    expect((await verifySync(source, hanging, mapping)).status).toBe('equal')
  })

  it('stops with the error, checkpoint kept, when the target stays unreachable', async () => {
    const { mapping, source, targetFile } = await tables(numberedRows(30))
    const down = flaky(target(targetFile), 1000)
    await expect(new OptimizedSync(source, down, { batchRows: 10, retry: fastRetry }).run({ mapping, mode: 'full' })).rejects.toThrow(
      /Connection lost/,
    )
    expect(await down.readCheckpoint(mapping)).toMatchObject({ state: 'running', afterKey: null })
  })

  it('pauses intake while memory is above 80% of the limit, and reports the metrics and progress of every batch', async () => {
    const { mapping, source, targetFile } = await tables(numberedRows(60))
    let reading = 0
    // Above the threshold (80 of 100) on every other sample.
    const memory = new MemoryMonitor({ limitBytes: 100, usedBytes: () => (reading++ % 2 === 0 ? 90 : 10), rssBytes: () => 4096 })
    const progress: SyncProgress[] = []
    const result = await new OptimizedSync(source, target(targetFile), { batchRows: 10, maxWorkers: 3, memoryMonitor: memory }).run(
      { mapping, mode: 'full' },
      { onProgress: (p) => progress.push(p) },
    )
    expect(result.memoryPauses).toBeGreaterThan(0)
    expect(result).toMatchObject({ totalRows: 60, processedRows: 60, failedRows: 0, batchCount: 6, batchRows: 10, memoryPeakBytes: 4096 })
    expect(result.rowsPerSec).toBeGreaterThan(0)
    expect(result.avgBatchMs).toBeGreaterThan(0)
    expect(progress.map((p) => p.processedRows)).toEqual([10, 20, 30, 40, 50, 60])
    expect(progress.every((p) => p.totalRows === 60)).toBe(true)
  })

  it('refuses an incremental sync before any full one, and bad options, saying what to do', async () => {
    const { mapping, source, targetFile } = await tables(numberedRows(5))
    await expect(new OptimizedSync(source, target(targetFile)).run({ mapping, mode: 'incremental' })).rejects.toThrow(
      /run a full sync first/,
    )
    expect(() => new OptimizedSync(source, target(targetFile), { batchRows: 0, maxWorkers: 100 })).toThrow(
      "bad optimized sync options: batchRows 0 must be 'adaptive' or an integer from 1 to 50,000; maxWorkers 100 must be an integer from 1 to 64",
    )
  })
})
