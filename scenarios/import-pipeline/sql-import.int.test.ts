import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { LocalMariadbProvider, mysqlOptions, parseServerUrl, type StartedDatabase } from '@dyno/db'
import { serversForTests } from '@dyno/db/testing'
import { createMysqlSink, InvalidIdentifierError, importSqlDump, SqlDumpRejected } from '@sut/import-pipeline'
import mysql from 'mysql2/promise'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

/**
 * The SQL import against a real throwaway MariaDB: a dump written by mariadb-dump itself (not
 * by our generator) from a table holding the values that break naive importers, imported
 * through the streaming parser and the MySQL sink into a second table, then compared row by
 * row as the server returns them (every number as a string, so nothing is rounded in the
 * comparison either).
 */
const servers = serversForTests()
const run = promisify(execFile)

const SOURCE_TABLE = `CREATE TABLE source.users (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  balance DECIMAL(30,10),
  ratio DOUBLE,
  name VARCHAR(100),
  notes TEXT
) CHARACTER SET utf8mb4`

const TARGET_TABLE = SOURCE_TABLE.replace('source.users', 'import_users')

/** Values that a double, a lossy escape or a wrong charset would change. */
const ROWS = [
  ['18446744073709551615', '12345678901234567890.1234567890', 1.5e-7, 'Zoë ☃ 𝄞 漢字', 'it\'s "quoted"\n\ttab \\ back\\slash'],
  ['9007199254740993', '-0.0000000001', 2.5, "O'Brien", 'nul:\0 ctrl-z:\x1a cr:\r percent:\\% underscore:\\_'],
  ['1', null, null, null, null],
  ['2', '0.0000000000', 1e300, '', ''],
  ['3', '-99999999999999999999.9999999999', 0.1, ';', 'a;\nINSERT INTO x VALUES (1);'],
] as const

let baseDir: string
let db: StartedDatabase
let pool: mysql.Pool

async function mariadbDump(...extra: string[]): Promise<string> {
  const server = parseServerUrl(db.url, 'mysql')
  const { stdout } = await run(
    'mariadb-dump',
    [
      '--no-defaults',
      '--protocol=tcp',
      `--host=${server.host}`,
      `--port=${server.port}`,
      `--user=${server.user}`,
      ...(server.password === '' ? [] : [`--password=${server.password}`]),
      ...extra,
      'source',
      'users',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  )
  return stdout
}

async function* inChunks(text: string, bytes: number): AsyncGenerator<Buffer> {
  const all = Buffer.from(text)
  for (let at = 0; at < all.length; at += bytes) yield all.subarray(at, at + bytes)
}

async function rowsOf(table: string): Promise<unknown[]> {
  const [rows] = await pool.query(`SELECT id, balance, ratio, name, notes FROM ${table} ORDER BY id`)
  return rows as unknown[]
}

const tableFor = (table: string) => (table === 'users' ? 'import_users' : undefined)

describe.runIf(servers.mysql)('importing a mariadb-dump file into a throwaway MariaDB', () => {
  beforeAll(async () => {
    baseDir = await mkdtemp(path.join(os.tmpdir(), 'sql-import-mariadb-'))
    db = await new LocalMariadbProvider({ baseDir }).start()
    pool = mysql.createPool({ ...mysqlOptions(parseServerUrl(db.url, 'mysql')), connectionLimit: 2 })
    await pool.query('CREATE DATABASE source CHARACTER SET utf8mb4')
    await pool.query(SOURCE_TABLE)
    await pool.query('INSERT INTO source.users VALUES ?', [ROWS])
  })

  afterAll(async () => {
    await pool?.end()
    await db?.[Symbol.asyncDispose]()
    if (baseDir !== undefined) await rm(baseDir, { recursive: true, force: true })
  })

  beforeEach(async () => {
    await pool.query('DROP TABLE IF EXISTS import_users')
    await pool.query(TARGET_TABLE)
  })

  it('stores every value exactly as the source had it: BIGINT UNSIGNED, DECIMAL digits, doubles, NULL, unicode, escapes', async () => {
    const dump = await mariadbDump('--no-create-info')
    const sink = createMysqlSink(pool, { maxRowsPerStatement: 2 })
    // 61-byte chunks: boundaries fall inside strings, escapes and multi-byte characters.
    const result = await importSqlDump(inChunks(dump, 61), { fileName: 'users.sql', tableFor, sink, batchRows: 3 })
    await sink.close()
    expect(result.rowsByTable).toEqual({ import_users: ROWS.length })
    expect(result.bytes).toBe(Buffer.byteLength(dump))
    const imported = await rowsOf('import_users')
    expect(imported).toEqual(await rowsOf('source.users'))
    expect(imported[4]).toMatchObject({ id: '18446744073709551615', balance: '12345678901234567890.1234567890', name: 'Zoë ☃ 𝄞 漢字' })
  })

  it("stops a default dump at its DROP TABLE, naming that line, and imports it with schemaStatements: 'ignore'", async () => {
    const dump = await mariadbDump()
    const dropLine = dump.split('\n').findIndex((line) => line.startsWith('DROP TABLE')) + 1
    expect(dropLine).toBeGreaterThan(1)
    const error = await importSqlDump(inChunks(dump, 4096), { fileName: 'users.sql', tableFor, sink: createMysqlSink(pool) }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(SqlDumpRejected)
    expect((error as SqlDumpRejected).message).toMatch(new RegExp(`^users\\.sql:${dropLine}: DROP TABLE \`users\` is not allowed`))
    expect(await rowsOf('import_users')).toEqual([])

    const result = await importSqlDump(inChunks(dump, 4096), {
      fileName: 'users.sql',
      tableFor,
      sink: createMysqlSink(pool),
      schemaStatements: 'ignore',
    })
    expect(result.rowsByTable).toEqual({ import_users: ROWS.length })
    expect(await rowsOf('import_users')).toEqual(await rowsOf('source.users'))
  })

  it('writes the rows before a GRANT and none after it', async () => {
    const dump =
      "INSERT INTO users (id, name) VALUES (10,'before');\nGRANT ALL ON *.* TO 'eve'@'%';\nINSERT INTO users (id, name) VALUES (11,'after');\n"
    await expect(importSqlDump(inChunks(dump, 7), { fileName: 'evil.sql', tableFor, sink: createMysqlSink(pool) })).rejects.toThrow(
      'evil.sql:2: GRANT statement is not allowed in an imported dump',
    )
    expect(await rowsOf('import_users')).toEqual([{ id: '10', balance: null, ratio: null, name: 'before', notes: null }])
  })

  it('refuses a column name from the dump that would change the SQL, before anything is written', async () => {
    const dump = "INSERT INTO users (id, `name`` = 'x'; DROP TABLE import_users; --`) VALUES (12,'x');\n"
    await expect(importSqlDump(inChunks(dump, 1000), { fileName: 'evil.sql', tableFor, sink: createMysqlSink(pool) })).rejects.toThrow(
      /^evil\.sql:1: refusing column name/,
    )
    // The sink refuses it as well, for callers that hand it rows from elsewhere.
    await expect(createMysqlSink(pool).insertRows('import_users', ['id', "name` = 'x'; --"], [[13, 'x']])).rejects.toThrow(
      InvalidIdentifierError,
    )
    expect(await rowsOf('import_users')).toEqual([])
  })
})
