import { mkdtemp, readdir, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import mysql from 'mysql2/promise'
import Firebird from 'node-firebird'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StartedDatabase } from '../database-provider.js'
import { canonicalItem, ItemsChecksumBuilder } from '../datasets/items-checksum.js'
import { ItemsGenerator } from '../datasets/items-dataset.js'
import { EmbeddedSqliteProvider } from '../embedded/embedded-sqlite-provider.js'
import { firebirdOptions } from '../engines/firebird/firebird-session.js'
import { mysqlOptions } from '../engines/mysql/mysql-session.js'
import { isLoopbackPortFree } from '../process/loopback-port.js'
import { processesMentioning, serversForTests } from '../testing/integration-servers.js'
import { parseServerUrl } from '../url/database-url.js'
import { LocalFirebirdProvider } from './local-firebird-provider.js'
import { LocalMariadbProvider } from './local-mariadb-provider.js'

const servers = serversForTests()
const dataset = { name: 'items', seed: 20261123, rows: 3000 } as const

let baseDir: string
beforeEach(async () => {
  baseDir = await mkdtemp(path.join(os.tmpdir(), 'dyno-db-test-'))
})
afterEach(async () => {
  await rm(baseDir, { recursive: true, force: true })
})

/** Nothing of a disposed server may remain: no process, no directory, no listener. */
async function expectNothingLeft(port: number): Promise<void> {
  expect(await readdir(baseDir)).toEqual([])
  expect(processesMentioning(baseDir)).toEqual([])
  expect(await isLoopbackPortFree(port)).toBe(true)
}

function expectedChecksum() {
  const builder = new ItemsChecksumBuilder()
  for (const row of new ItemsGenerator(dataset).rows()) builder.add(canonicalItem(row))
  return builder.result()
}

async function withMysql<T>(db: StartedDatabase, work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection(mysqlOptions(parseServerUrl(db.url, 'mysql')))
  try {
    return await work(connection)
  } finally {
    await connection.end()
  }
}

async function withFirebird<T>(db: StartedDatabase, work: (connection: Firebird.Database) => Promise<T>): Promise<T> {
  const connection = await Firebird.attachAsync(firebirdOptions(parseServerUrl(db.url, 'firebird')))
  try {
    return await work(connection)
  } finally {
    await connection.detachAsync()
  }
}

describe.runIf(servers.mysql)('a local throwaway MariaDB', () => {
  it('starts on a free loopback port, seeds, answers queries, resets and leaves nothing behind when disposed', async () => {
    const db = await new LocalMariadbProvider({ baseDir }).start()
    const { port } = parseServerUrl(db.url, 'mysql')
    try {
      expect(db.provider).toBe('local')
      expect(db.version).toMatch(/MariaDB/)
      expect(db.settings).toMatchObject({ innodb_flush_log_at_trx_commit: '1', character_set_server: 'utf8mb4', server: 'MariaDB' })
      expect(Number(db.settings.innodb_buffer_pool_size)).toBe(256 * 1024 * 1024)
      expect((await db.seed(dataset)).method).toMatch(/LOAD DATA/)
      expect(await db.checksum()).toEqual(expectedChecksum())
      await withMysql(db, async (connection) => {
        const [rows] = await connection.query('SELECT id, name FROM items WHERE id > 9007199254740992 ORDER BY id LIMIT 1')
        expect(rows).toEqual([{ id: '9007199254741093', name: expect.stringContaining('#100') }])
        await connection.query('DELETE FROM items WHERE id < 1000')
        await connection.query('CREATE TABLE scratch (x INT)')
      })
      await db.reset()
      expect(await db.checksum()).toEqual(expectedChecksum())
      await withMysql(db, async (connection) => {
        const [tables] = await connection.query('SHOW TABLES')
        expect(tables).toEqual([{ Tables_in_dyno: 'items' }])
      })
      expect(await db.problem()).toBeNull()
    } finally {
      await db[Symbol.asyncDispose]()
    }
    await expectNothingLeft(port)
  })

  it('reports a server killed mid-use as died, with the lines of its log, and still cleans up', async () => {
    const db = await new LocalMariadbProvider({ baseDir }).start()
    const { port } = parseServerUrl(db.url, 'mysql')
    try {
      const [pid] = processesMentioning(baseDir)
      expect(pid).toBeGreaterThan(0)
      process.kill(pid as number, 'SIGKILL')
      await sleep(300)
      const problem = await db.problem()
      expect(problem?.code).toBe('server-died')
      expect(problem?.message).toMatch(/local MariaDB .* was killed by SIGKILL while the scenario used it/)
      // Its log is deleted with its directory, so the error carries the last lines of it.
      expect(problem?.details[0]).toMatch(/^last lines of .*server\.log:$/)
      expect(problem?.details.length).toBeGreaterThan(1)
      await expect(db.reset()).rejects.toThrow(/killed by SIGKILL/)
    } finally {
      await db[Symbol.asyncDispose]()
    }
    await expectNothingLeft(port)
  })

  it('refuses a port that is already taken, naming it, and leaves nothing behind', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as net.AddressInfo).port
    try {
      await expect(new LocalMariadbProvider({ baseDir, port }).start()).rejects.toMatchObject({
        code: 'port-taken',
        message: expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`),
      })
      expect(await readdir(baseDir)).toEqual([])
    } finally {
      blocker.close()
    }
  })
})

describe.runIf(servers.firebird)('a local throwaway Firebird 3', () => {
  it('starts on a free loopback port, seeds on the server, answers queries, resets and leaves nothing behind', async () => {
    const db = await new LocalFirebirdProvider({ baseDir, stopGraceMs: 2000 }).start()
    const { port } = parseServerUrl(db.url, 'firebird')
    try {
      expect(db.version).toMatch(/^3\.0\./)
      expect(db.settings).toMatchObject({
        pageSize: '16384',
        forcedWrites: 'on',
        serverMode: 'Super',
        wireCryptConfig: 'Enabled',
        wireEncrypted: 'yes',
        charset: 'UTF8',
      })
      expect((await db.seed(dataset)).method).toMatch(/EXECUTE BLOCK/)
      expect(await db.checksum()).toEqual(expectedChecksum())
      await withFirebird(db, async (connection) => {
        const rows = await connection.queryAsync('SELECT FIRST 1 ID, NAME FROM ITEMS WHERE ID > 9007199254740992 ORDER BY ID')
        expect(rows).toEqual([{ id: '9007199254741093', name: expect.stringContaining('#100') }])
        await connection.queryAsync('DELETE FROM ITEMS WHERE ID < 1000')
        await connection.queryAsync('CREATE TABLE SCRATCH (X INTEGER)')
      })
      await db.reset()
      expect(await db.checksum()).toEqual(expectedChecksum())
      await withFirebird(db, async (connection) => {
        const tables = await connection.queryAsync('SELECT TRIM(RDB$RELATION_NAME) AS name FROM RDB$RELATIONS WHERE RDB$SYSTEM_FLAG = 0')
        expect(tables).toEqual([{ name: 'ITEMS' }])
      })
      expect(await db.problem()).toBeNull()
    } finally {
      await db[Symbol.asyncDispose]()
    }
    await expectNothingLeft(port)
  })

  it('reports a server killed mid-use as died and still cleans up', async () => {
    const db = await new LocalFirebirdProvider({ baseDir, stopGraceMs: 2000 }).start()
    const { port } = parseServerUrl(db.url, 'firebird')
    try {
      const [pid] = processesMentioning(baseDir)
      process.kill(pid as number, 'SIGKILL')
      await sleep(300)
      expect((await db.problem())?.message).toMatch(/local Firebird .* was killed by SIGKILL while the scenario used it/)
    } finally {
      await db[Symbol.asyncDispose]()
    }
    await expectNothingLeft(port)
  })

  it('refuses a port that is already taken, naming it, and leaves nothing behind', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as net.AddressInfo).port
    try {
      await expect(new LocalFirebirdProvider({ baseDir, port }).start()).rejects.toMatchObject({ code: 'port-taken' })
      expect(await readdir(baseDir)).toEqual([])
    } finally {
      blocker.close()
    }
  })
})

describe.runIf(servers.mysql && servers.firebird)('one dataset in every engine', () => {
  it('gives the same rows in Firebird (generated by the server), MariaDB (LOAD DATA) and SQLite, by checksum', async () => {
    const databases = await Promise.all([
      new LocalFirebirdProvider({ baseDir, stopGraceMs: 2000 }).start(),
      new LocalMariadbProvider({ baseDir }).start(),
      new EmbeddedSqliteProvider({ baseDir }).start(),
    ])
    try {
      for (const db of databases) await db.seed(dataset, { table: 'source_items' })
      const checksums = await Promise.all(databases.map((db) => db.checksum('source_items')))
      expect(checksums).toEqual([expectedChecksum(), expectedChecksum(), expectedChecksum()])
      // A different seed gives different rows: the checksum can tell datasets apart.
      await databases[2]?.seed({ ...dataset, seed: 1 }, { table: 'other' })
      expect(await databases[2]?.checksum('other')).not.toEqual(expectedChecksum())
    } finally {
      for (const db of databases) await db[Symbol.asyncDispose]()
    }
    expect(await readdir(baseDir)).toEqual([])
    expect(processesMentioning(baseDir)).toEqual([])
  })
})
