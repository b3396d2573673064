import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DatabaseConnection } from '@dyno/core'
import { firebirdOptions, LocalFirebirdProvider, LocalMariadbProvider, mysqlOptions, parseServerUrl, type StartedDatabase } from '@dyno/db'
import { serversForTests } from '@dyno/db/testing'
import {
  FirebirdSource,
  FirebirdWorkerSource,
  MysqlTarget,
  mysqlCreateTable,
  NaiveSync,
  OptimizedSync,
  type SyncRow,
  type TableMapping,
  verifySync,
  wallClockDate,
} from '@sut/sync-engine'
import { type ContractBackend, contractMapping, describeSyncContract, extremeRows, numberedRows } from '@sut/sync-engine/testing'
import mysql from 'mysql2/promise'
import Firebird from 'node-firebird'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itemsMapping } from './items-mapping.js'
import { openSource, openTarget, optimizedPool } from './sync-endpoints.js'

/**
 * The sync engine against real throwaway servers: the behavioural contract (the same suite
 * the SQLite stand-in passes) for both variants, Firebird → MariaDB, and the faults seed 003
 * asks the optimized variant to survive.
 */
const servers = serversForTests()
const enabled = servers.mysql && servers.firebird

let baseDir: string
let firebird: StartedDatabase
let mariadb: StartedDatabase

beforeAll(async () => {
  if (!enabled) return
  baseDir = await mkdtemp(path.join(os.tmpdir(), 'sync-int-'))
  firebird = await new LocalFirebirdProvider({ baseDir }).start()
  mariadb = await new LocalMariadbProvider({ baseDir }).start()
}, 120_000)

afterAll(async () => {
  if (!enabled) return
  await mariadb?.[Symbol.asyncDispose]()
  await firebird?.[Symbol.asyncDispose]()
  await rm(baseDir, { recursive: true, force: true })
}, 120_000)

function firebirdType(type: TableMapping['columns'][number]['type']): string {
  switch (type.kind) {
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`
    case 'varchar':
      return `VARCHAR(${type.length})`
    default:
      return type.kind.toUpperCase()
  }
}

function sourceConnection(): { host: string; port: number; database: string; user: string; password: string } {
  const url = parseServerUrl(firebird.url, 'firebird')
  return { host: url.host, port: url.port, database: url.database, user: url.user, password: url.password }
}

function targetConnection(port?: number): { host: string; port: number; database: string; user: string; password: string } {
  const url = parseServerUrl(mariadb.url, 'mysql')
  return { host: url.host, port: port ?? url.port, database: url.database, user: url.user, password: url.password }
}

async function withMysql<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection(mysqlOptions(parseServerUrl(mariadb.url, 'mysql')))
  try {
    return await work(connection)
  } finally {
    await connection.end()
  }
}

const firebirdToMariadb: ContractBackend = {
  async open(mapping, rows, variant, options = {}) {
    // An attachment per table: seeding a dataset (other tests) shuts the database down briefly, ending older attachments.
    const admin = await Firebird.attachAsync(firebirdOptions(parseServerUrl(firebird.url, 'firebird')))
    const table = mapping.sourceTable.toUpperCase()
    const columns = mapping.columns.map((c) => `"${c.name.toUpperCase()}"`)
    const definitions = mapping.columns.map((c) => `"${c.name.toUpperCase()}" ${firebirdType(c.type)}${c.nullable ? '' : ' NOT NULL'}`)
    await admin.queryAsync(`CREATE TABLE "${table}" (${definitions.join(', ')}, PRIMARY KEY ("ID"))`)
    const upsert = `UPDATE OR INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) MATCHING ("ID")`
    // Timestamps as Dates: Firebird 3 drops the fraction of a text parameter it converts to TIMESTAMP.
    const timestampAt = mapping.columns.map((c) => c.type.kind === 'timestamp')
    const upsertSource = async (changed: readonly SyncRow[]) => {
      for (const row of changed)
        await admin.queryAsync(
          upsert,
          row.map((v, i) => (timestampAt[i] && typeof v === 'string' ? wallClockDate(v) : v)),
        )
    }
    await upsertSource(rows)
    if (options.targetCheck !== undefined) {
      const check = options.targetCheck
      await withMysql((connection) => connection.query(mysqlCreateTable(mapping).replace(') ENGINE=', `, CHECK (${check})) ENGINE=`)))
    }
    const source = await FirebirdSource.connect(sourceConnection())
    const target =
      variant === 'naive' ? await MysqlTarget.connect(targetConnection()) : await MysqlTarget.connect(targetConnection(), optimizedPool(2))
    return {
      source,
      target,
      upsertSource,
      async deleteSource(keys) {
        for (const key of keys) await admin.queryAsync(`DELETE FROM "${table}" WHERE "ID" = ?`, [...key])
      },
      async close() {
        await source.close()
        await target.close()
        await admin.detachAsync()
      },
    }
  },
}

if (enabled) {
  describeSyncContract('Firebird to MariaDB', firebirdToMariadb, {
    naive: (source, target) => new NaiveSync(source, target),
    optimized: (source, target) => new OptimizedSync(source, target, { batchRows: 8, checkpointIntervalMs: 0 }),
  })
}

/**
 * A TCP relay in front of MariaDB that, once armed, cuts the next connection that sends
 * anything: the statement in flight fails with "connection lost", as when a server restarts
 * or a network path drops.
 */
async function droppingRelay(
  upstreamPort: number,
): Promise<{ port: number; arm: () => void; drops: () => number; close: () => Promise<void> }> {
  let armed = false
  let dropped = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1')
    sockets.add(client).add(upstream)
    client.on('data', (chunk) => {
      if (armed) {
        armed = false
        dropped++
        client.destroy()
        upstream.destroy()
        return
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => client.write(chunk))
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('close', () => b.destroy())
      a.on('error', () => b.destroy())
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    arm: () => {
      armed = true
    },
    drops: () => dropped,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const FIXTURE = fileURLToPath(new URL('./test-fixtures/sync-until-killed.ts', import.meta.url))

describe.runIf(enabled)('the optimized sync on real servers: faults and the worker-thread source', () => {
  it('retries with backoff when the target connection drops mid-sync, and converges', async () => {
    const table = 'drop_items'
    await firebird.seed({ name: 'items', seed: 11, rows: 4000 }, { table })
    const mapping = itemsMapping(table, table)
    const relay = await droppingRelay(parseServerUrl(mariadb.url, 'mysql').port)
    const source = await FirebirdSource.connect(sourceConnection())
    const target = await MysqlTarget.connect(targetConnection(relay.port), optimizedPool(2))
    try {
      const sync = new OptimizedSync(source, target, {
        batchRows: 200,
        checkpointIntervalMs: 60_000,
        retry: { attempts: 5, initialDelayMs: 20, maxDelayMs: 200 },
      })
      const result = await sync.run(
        { mapping, mode: 'full' },
        {
          onProgress: (progress) => {
            if (progress.batchCount === 2) relay.arm()
          },
        },
      )
      expect(relay.drops()).toBe(1)
      expect(result).toMatchObject({ totalRows: 4000, processedRows: 4000, failedRows: 0 })
      expect(result.retries).toBeGreaterThanOrEqual(1)
      expect(await verifySync(source, target, mapping)).toMatchObject({ status: 'equal', targetRows: 4000 })
    } finally {
      await source.close()
      await target.close()
      await relay.close()
    }
  })

  it('writes batches with LOAD DATA LOCAL INFILE when asked, keeping every value exact', async () => {
    const mapping = contractMapping()
    const rows = [...extremeRows(), ...numberedRows(40, 100)]
    const tables = await firebirdToMariadb.open(mapping, rows, 'optimized')
    const target = await MysqlTarget.connect(targetConnection(), { ...optimizedPool(2), loadData: true })
    try {
      const result = await new OptimizedSync(tables.source, target, { batchRows: 16 }).run({ mapping, mode: 'full' })
      expect(result).toMatchObject({ processedRows: rows.length, failedRows: 0 })
      expect(await verifySync(tables.source, target, mapping)).toMatchObject({ status: 'equal', targetRows: rows.length })
      // Again over the same keys: REPLACE updates them in place of duplicating them.
      await tables.upsertSource([numberedRows(1, 100)[0]?.map((v, i) => (i === 5 ? 'renamed' : v)) as SyncRow])
      await new OptimizedSync(tables.source, target, { batchRows: 16 }).run({ mapping, mode: 'full' })
      expect(await verifySync(tables.source, target, mapping)).toMatchObject({ status: 'equal', targetRows: rows.length })
    } finally {
      await target.close()
      await tables.close()
    }
  })

  it('replaces pooled connections older than the configured lifetime, and reuses younger ones', async () => {
    const mapping = contractMapping()
    const tables = await firebirdToMariadb.open(mapping, numberedRows(200), 'optimized')
    const connectionsSoFar = () =>
      withMysql(async (connection) => {
        const [rows] = await connection.query<mysql.RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Connections'")
        return Number(rows[0]?.Value)
      })
    const opened = async (maxLifetimeMs: number) => {
      const target = await MysqlTarget.connect(targetConnection(), { ...optimizedPool(2), maxLifetimeMs })
      const before = await connectionsSoFar()
      try {
        // Every batch checks a connection out of the pool (20 batches plus checkpoint writes).
        await new OptimizedSync(tables.source, target, { batchRows: 10, maxWorkers: 1, checkpointIntervalMs: 0 }).run({
          mapping,
          mode: 'full',
        })
        expect((await verifySync(tables.source, target, mapping)).status).toBe('equal')
      } finally {
        await target.close()
      }
      // Minus the connection the second connectionsSoFar() opens for itself.
      return (await connectionsSoFar()) - before - 1
    }
    try {
      expect(await opened(0)).toBeGreaterThanOrEqual(20)
      expect(await opened(30 * 60_000)).toBeLessThanOrEqual(3)
    } finally {
      await tables.close()
    }
  })

  it('reads the same rows on a worker thread as in-thread, and syncs them exactly', async () => {
    const table = 'worker_items'
    await firebird.seed({ name: 'items', seed: 13, rows: 5000 }, { table })
    const mapping = itemsMapping(table, table)
    const inThread = await FirebirdSource.connect(sourceConnection())
    const onWorker = await FirebirdWorkerSource.connect(sourceConnection(), { aheadBatches: 1 })
    const target = await MysqlTarget.connect(targetConnection(), optimizedPool(2))
    try {
      const read = async (source: typeof inThread | typeof onWorker) => {
        const rows: SyncRow[] = []
        for await (const batch of source.readBatches(mapping, { batchRows: 700 })) rows.push(...batch)
        return rows
      }
      const expected = await read(inThread)
      expect(expected).toHaveLength(5000)
      expect(await read(onWorker)).toEqual(expected)
      const result = await new OptimizedSync(onWorker, target, { batchRows: 500 }).run({ mapping, mode: 'full' })
      expect(result).toMatchObject({ processedRows: 5000, failedRows: 0 })
      expect(await verifySync(inThread, target, mapping)).toMatchObject({ status: 'equal', targetRows: 5000 })
    } finally {
      await inThread.close()
      await onWorker.close()
      await target.close()
    }
  })

  it('resumes a sync killed half-way from its checkpoint, with no row lost and none duplicated', async () => {
    const table = 'kill_items'
    const rows = 30_000
    await firebird.seed({ name: 'items', seed: 12, rows }, { table })
    const mapping = itemsMapping(table, table)
    const connections: Record<'source' | 'target', DatabaseConnection> = { source: firebird.connection(), target: mariadb.connection() }
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', FIXTURE, JSON.stringify({ ...connections, table })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk)
    })
    const killedAt = await new Promise<number>((resolve, reject) => {
      let buffered = ''
      child.stdout.on('data', (chunk) => {
        buffered += String(chunk)
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        for (const line of lines) {
          const progress = JSON.parse(line) as { processedRows?: number; done?: number }
          if (progress.done !== undefined) reject(new Error(`the sync finished (${progress.done} rows) before it could be killed`))
          if ((progress.processedRows ?? 0) >= 3000 && child.exitCode === null) {
            child.kill('SIGKILL')
            resolve(progress.processedRows ?? 0)
          }
        }
      })
      child.once('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`the sync child exited with ${code}: ${stderr}`))
      })
    })
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)))
    expect(killedAt).toBeGreaterThanOrEqual(3000)

    const source = await openSource(connections.source)
    const target = await openTarget(connections.target, optimizedPool(2))
    try {
      const checkpoint = await target.readCheckpoint(mapping)
      expect(checkpoint).toMatchObject({ mode: 'full', state: 'running' })
      expect(checkpoint?.afterKey).not.toBeNull()
      const committed = await target.countRows(mapping)
      expect(committed).toBeLessThan(rows)
      const remaining = await source.countRows(mapping, { afterKey: checkpoint?.afterKey ?? null })
      const resumed = await new OptimizedSync(source, target, { batchRows: 500 }).run({ mapping, mode: 'full' })
      expect(resumed.resumedAfterKey).toEqual(checkpoint?.afterKey)
      expect(resumed.processedRows).toBe(remaining)
      expect(remaining).toBeLessThan(rows)
      expect(await verifySync(source, target, mapping)).toMatchObject({ status: 'equal', sourceRows: rows, targetRows: rows })
    } finally {
      await source.close()
      await target.close()
    }
  })
})
