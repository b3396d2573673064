import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll } from 'vitest'
import { NaiveSync } from './naive/naive-sync.js'
import { OptimizedSync } from './optimized/optimized-sync.js'
import type { TableMapping } from './schema/table-mapping.js'
import { sqliteCreateTable } from './schema/target-ddl.js'
import { SqliteSource } from './sources/sqlite-source.js'
import { SqliteTarget } from './targets/sqlite-target.js'
import { type ContractBackend, describeSyncContract } from './testing/sync-contract.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sync-contract-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Source and target are two SQLite files; the source is filled through a SqliteTarget of its own. */
const sqlite: ContractBackend = {
  async open(mapping, rows, _variant, options = {}) {
    const sourceFile = path.join(dir, `${mapping.name}-source.sqlite`)
    const targetFile = path.join(dir, `${mapping.name}-target.sqlite`)
    const asSource: TableMapping = { ...mapping, targetTable: mapping.sourceTable }
    const writer = new SqliteTarget(sourceFile)
    await writer.ensureTable(asSource)
    await writer.upsertBatch(asSource, rows)
    if (options.targetCheck !== undefined) {
      const db = new Database(targetFile)
      db.exec(sqliteCreateTable(mapping).replace(/\)$/, `, CHECK (${options.targetCheck}))`))
      db.close()
    }
    const source = new SqliteSource(sourceFile)
    const target = new SqliteTarget(targetFile)
    return {
      source,
      target,
      upsertSource: (changed) => writer.upsertBatch(asSource, changed),
      async deleteSource(keys) {
        await writer.deleteKeys(asSource, keys)
      },
      async close() {
        await source.close()
        await target.close()
        await writer.close()
      },
    }
  },
}

describeSyncContract('SQLite to SQLite', sqlite, {
  naive: (source, target) => new NaiveSync(source, target),
  optimized: (source, target) => new OptimizedSync(source, target, { batchRows: 8, checkpointIntervalMs: 0 }),
})
