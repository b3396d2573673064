import { mkdtemp, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createStatusApi, openStatusStore, type StatusStoreKind } from '@sut/import-pipeline'

export interface StatusApiLoadServerOptions {
  store: StatusStoreKind
  /** Files the store tracks; ids are `statusImportId(i)`. */
  imports: number
  logLinesPerImport: number
  /** Status writes per second by the simulated running import (a progress update and a log line each). */
  writesPerSec: number
}

export const statusImportId = (i: number): string => `exports/2026/dump_${String(i).padStart(4, '0')}.sql.zip`

/**
 * The status API as it runs in production: inside the importer's process, while an import is
 * writing progress and log lines to the same store. The store is filled with finished and
 * queued imports in a fresh temp directory, then a timer plays a running import at a fixed
 * write rate for as long as the server lives, so readers contend with writers as they would.
 */
export async function createStatusApiLoadServer(options: StatusApiLoadServerOptions): Promise<{ server: Server; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'status-api-load-'))
  // Filled through the fine-grained store (one coalesced write instead of thousands), then
  // reopened with the variant's store: start-up time stays out of the comparison.
  const filler = await openStatusStore(dir, 'fine-grained')
  for (let i = 0; i < options.imports; i++) {
    const id = statusImportId(i)
    await filler.register({ name: id, sizeBytes: 1_000_000 + i, modifiedMs: 1_790_000_000_000 + i })
    if (i % 2 === 1) continue
    for (const state of ['downloading', 'extracting', 'importing'] as const) await filler.update(id, { state })
    for (let l = 0; l < options.logLinesPerImport; l++)
      await filler.log(id, 'info', `imported dumps/part_${l}.sql: ${l * 1000} rows into measurements`)
    await filler.update(id, { state: 'done', rowsByTable: { athletes: 200 * i, measurements: 800 * i } })
  }
  await filler.close()
  const store = await openStatusStore(dir, options.store)

  // The running import: one file goes through its states, reporting progress and logging.
  const running = statusImportId(1)
  await store.update(running, { state: 'downloading' })
  await store.update(running, { state: 'extracting' })
  await store.update(running, { state: 'importing' })
  let rows = 0
  // The write burst in progress, if any; a slow store makes the import slower, as it would in production.
  let writing: Promise<void> | undefined
  const tickMs = 10
  const perTick = Math.max(1, Math.round((options.writesPerSec * tickMs) / 1000))
  const timer = setInterval(() => {
    if (writing) return
    writing = (async () => {
      for (let i = 0; i < perTick; i++) {
        rows += 1000
        await store.update(running, { rows })
        await store.log(running, 'info', `imported ${rows} rows so far`)
      }
    })()
      .catch(() => undefined)
      .finally(() => {
        writing = undefined
      })
  }, tickMs)

  const server = createStatusApi(store)
  return {
    server,
    close: async () => {
      clearInterval(timer)
      await writing
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
