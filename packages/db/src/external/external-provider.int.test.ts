import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedDatabase } from '../database-provider.js'
import { mysqlOptions } from '../engines/mysql/mysql-session.js'
import { LocalFirebirdProvider } from '../local/local-firebird-provider.js'
import { LocalMariadbProvider } from '../local/local-mariadb-provider.js'
import { freeLoopbackPort } from '../process/loopback-port.js'
import { serversForTests } from '../testing/integration-servers.js'
import { parseServerUrl } from '../url/database-url.js'
import { ExternalProvider } from './external-provider.js'

/**
 * "Your own server", played by a throwaway local one: dyno must create only what it needs,
 * refuse to replace what it did not create, and remove exactly what it created.
 */
const servers = serversForTests()
const dataset = { name: 'items', seed: 5, rows: 500 } as const

let baseDir: string
beforeAll(async () => {
  baseDir = await mkdtemp(path.join(os.tmpdir(), 'dyno-external-test-'))
})
afterAll(async () => {
  await rm(baseDir, { recursive: true, force: true })
})

describe.runIf(servers.mysql)('an external MySQL server', () => {
  let yours: StartedDatabase
  let admin: mysql.Connection
  let port: number
  beforeAll(async () => {
    yours = await new LocalMariadbProvider({ baseDir }).start()
    port = parseServerUrl(yours.url, 'mysql').port
    admin = await mysql.createConnection(mysqlOptions(parseServerUrl(yours.url, 'mysql'), null))
  })
  afterAll(async () => {
    await admin?.end()
    await yours?.[Symbol.asyncDispose]()
  })
  const databases = async () => ((await admin.query('SHOW DATABASES'))[0] as { Database: string }[]).map((d) => d.Database)

  it('creates the database named in the URL when it is missing, and drops it at the end', async () => {
    const db = await new ExternalProvider(`mysql://root@127.0.0.1:${port}/scratch_one`, 'DYNO_MYSQL_URL').start()
    expect(db.provider).toBe('external')
    expect(await databases()).toContain('scratch_one')
    await db.seed(dataset)
    expect((await db.checksum()).rows).toBe(500)
    await db[Symbol.asyncDispose]()
    expect(await databases()).not.toContain('scratch_one')
  })

  it('never replaces a table it did not create, and in your database drops only its own tables', async () => {
    await admin.query('CREATE DATABASE yours')
    await admin.query('CREATE TABLE yours.items (id INT PRIMARY KEY)')
    await admin.query('CREATE TABLE yours.keep_me (id INT PRIMARY KEY)')
    const db = await new ExternalProvider(`mysql://root@127.0.0.1:${port}/yours`).start()
    try {
      await expect(db.seed(dataset)).rejects.toMatchObject({
        code: 'table-not-ours',
        message: expect.stringContaining('dyno did not create it'),
      })
      await db.seed(dataset, { table: 'dyno_items' })
    } finally {
      await db[Symbol.asyncDispose]()
    }
    const [tables] = await admin.query("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'yours' ORDER BY 1")
    expect(tables).toEqual([{ name: 'items' }, { name: 'keep_me' }])
    expect(await databases()).toContain('yours')
  })

  it('says which URL it could not reach, without its password, and what to check', async () => {
    const nothing = await freeLoopbackPort()
    await expect(new ExternalProvider(`mysql://root:hunter2@127.0.0.1:${nothing}/x`, '--mysql-url').start()).rejects.toMatchObject({
      code: 'external-unreachable',
      message: expect.stringMatching(
        new RegExp(
          `cannot use the mysql server at mysql://root:\\*\\*\\*@127\\.0\\.0\\.1:${nothing}/x \\(from --mysql-url\\): .*ECONNREFUSED`,
        ),
      ),
      hint: expect.stringContaining('dyno doctor'),
    })
  })
})

describe.runIf(servers.firebird)('an external Firebird server', () => {
  it('creates the database file named in the URL when it is missing, and drops it at the end', async () => {
    const yours = await new LocalFirebirdProvider({ baseDir, stopGraceMs: 2000 }).start()
    try {
      const { port } = parseServerUrl(yours.url, 'firebird')
      const file = path.join(baseDir, 'external.fdb')
      const db = await new ExternalProvider(`firebird://SYSDBA:masterkey@127.0.0.1:${port}/${file}`).start()
      expect(await readdir(baseDir)).toContain('external.fdb')
      await db.seed(dataset)
      expect((await db.checksum()).rows).toBe(500)
      await db[Symbol.asyncDispose]()
      expect(await readdir(baseDir)).not.toContain('external.fdb')
    } finally {
      await yours[Symbol.asyncDispose]()
    }
  })
})
