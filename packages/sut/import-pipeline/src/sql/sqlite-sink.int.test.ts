import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importSqlDump } from './import-sql-dump.js'
import { SqlDumpRejected } from './sql-dump-rejected.js'
import { createSqliteSink } from './sqlite-sink.js'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sql-import-sqlite-'))
  db = new Database(path.join(dir, 'target.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  // `amount` is TEXT because SQLite has no DECIMAL: a NUMERIC column would turn the digits into a REAL.
  db.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, big INTEGER, amount TEXT, name TEXT, note TEXT)')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function* dump(text: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text)
  for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes)
}

const DUMP = [
  '/*!40101 SET NAMES utf8mb4 */;',
  'LOCK TABLES `users` WRITE;',
  "INSERT INTO `users` VALUES (1,9007199254740993,'12345678901234567890.1234567890','Zoë ☃ 𝄞','it''s \\\"quoted\\\"\\n\\ttab \\\\ back'),",
  "(2,-9223372036854775808,'-0.0000000001',NULL,''),(3,9223372036854775807,'0.10','漢字',NULL);",
  "INSERT INTO `users` (`id`,`name`) VALUES (4,'\\0nul\\Zctrl-z');",
  'UNLOCK TABLES;',
  '',
].join('\n')

describe('importing a dump into SQLite', () => {
  it('stores every row exactly: 64-bit integers, decimal digits, NULL, unicode and escapes', async () => {
    const sink = createSqliteSink(db)
    const result = await importSqlDump(dump(DUMP, 7), {
      fileName: 'users.sql',
      tableFor: (t) => (t === 'users' ? 'people' : undefined),
      sink,
      batchRows: 2,
    })
    await sink.close()
    expect(result.rowsByTable).toEqual({ people: 4 })
    const rows = db.prepare('SELECT id, big, amount, name, note FROM people ORDER BY id').safeIntegers(true).all()
    expect(rows).toEqual([
      { id: 1n, big: 9007199254740993n, amount: '12345678901234567890.1234567890', name: 'Zoë ☃ 𝄞', note: 'it\'s "quoted"\n\ttab \\ back' },
      { id: 2n, big: -9223372036854775808n, amount: '-0.0000000001', name: null, note: '' },
      { id: 3n, big: 9223372036854775807n, amount: '0.10', name: '漢字', note: null },
      { id: 4n, big: null, amount: null, name: '\0nul\x1actrl-z', note: null },
    ])
  })

  it('rolls back a batch that fails part-way, so a batch is written whole or not at all', async () => {
    db.exec("INSERT INTO people (id, name) VALUES (3, 'already there')")
    const sink = createSqliteSink(db)
    const text = "INSERT INTO users (id, name) VALUES (1,'a'),(2,'b'),(3,'c');\n"
    await expect(importSqlDump(dump(text, 1000), { fileName: 'u.sql', tableFor: () => 'people', sink })).rejects.toThrow(
      /UNIQUE constraint failed/,
    )
    expect(db.prepare('SELECT id, name FROM people ORDER BY id').all()).toEqual([{ id: 3, name: 'already there' }])
    expect(db.inTransaction).toBe(false)
  })

  it('writes nothing of a statement the policy rejects', async () => {
    const sink = createSqliteSink(db)
    const text = "INSERT INTO users (id) VALUES (1);\nGRANT ALL ON *.* TO 'eve';\nINSERT INTO users (id) VALUES (2);\n"
    const error = await importSqlDump(dump(text, 5), { fileName: 'u.sql', tableFor: () => 'people', sink }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SqlDumpRejected)
    expect((error as SqlDumpRejected).line).toBe(2)
    expect(db.prepare('SELECT id FROM people').all()).toEqual([{ id: 1 }])
  })
})
