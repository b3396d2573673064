import { describe, expect, it } from 'vitest'
import { importSqlDump, type SqlImportOptions } from './import-sql-dump.js'
import type { RowSink } from './row-sink.js'
import { SqlDumpRejected } from './sql-dump-rejected.js'
import { InvalidIdentifierError, mysqlIdentifier, sqliteIdentifier } from './sql-identifier.js'
import type { SqlValue } from './sql-value.js'

interface Insert {
  table: string
  columns: readonly string[] | undefined
  rows: SqlValue[][]
}

/** A sink that remembers every call, so the tests see exactly what a database would have received. */
class RecordingSink implements RowSink {
  readonly inserts: Insert[] = []
  closed = false
  async insertRows(table: string, columns: readonly string[] | undefined, rows: readonly SqlValue[][]) {
    this.inserts.push({ table, columns, rows: rows.map((r) => [...r]) })
  }
  async close() {
    this.closed = true
  }
  rows(table: string): SqlValue[][] {
    return this.inserts.filter((i) => i.table === table).flatMap((i) => i.rows)
  }
}

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  yield* parts
}

const MAPPING: Record<string, string> = { users: 'import_users', orders: 'import_orders' }

function options(sink: RowSink, extra: Partial<SqlImportOptions> = {}): SqlImportOptions {
  return { fileName: 'shop.sql', tableFor: (table) => MAPPING[table], sink, ...extra }
}

async function rejection(dump: string, extra: Partial<SqlImportOptions> = {}): Promise<SqlDumpRejected> {
  const sink = new RecordingSink()
  const error = await importSqlDump(chunks(dump), options(sink, extra)).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof SqlDumpRejected)) throw new Error(`expected SqlDumpRejected, got ${String(error)}`)
  return error
}

const HEADER = '-- dump of shop\n/*!40101 SET NAMES utf8mb4 */;\nSET @x = 1;\nLOCK TABLES `users` WRITE;\n'

describe('importSqlDump', () => {
  it('writes mapped rows in batches, in dump order, and counts rows, statements and bytes', async () => {
    const sink = new RecordingSink()
    const progress: number[] = []
    const dump = `${HEADER}INSERT INTO \`users\` VALUES (1,'a'),(2,'b'),(3,'c');\nINSERT INTO users VALUES (4,'d');\nUNLOCK TABLES;\nINSERT INTO orders (id, total) VALUES (7,'1.50');\n`
    const result = await importSqlDump(
      chunks(dump.slice(0, 50), Buffer.from(dump.slice(50))),
      options(sink, { batchRows: 2, onProgress: (n) => progress.push(n) }),
    )
    expect(result).toEqual({ rowsByTable: { import_users: 4, import_orders: 1 }, statements: 7, bytes: Buffer.byteLength(dump) })
    expect(sink.inserts).toEqual([
      {
        table: 'import_users',
        columns: undefined,
        rows: [
          [1, 'a'],
          [2, 'b'],
        ],
      },
      {
        table: 'import_users',
        columns: undefined,
        rows: [
          [3, 'c'],
          [4, 'd'],
        ],
      },
      { table: 'import_orders', columns: ['id', 'total'], rows: [[7, '1.50']] },
    ])
    expect(progress).toEqual([2, 4, 5])
    expect(sink.closed).toBe(false)
  })

  it.each([
    ['DROP TABLE IF EXISTS `users`;', /DROP TABLE `users` is not allowed: imports never change the target schema/, 'disallowed-statement'],
    ['CREATE TABLE `users` (id int);', /CREATE TABLE `users` is not allowed/, 'disallowed-statement'],
    ["GRANT ALL ON *.* TO 'eve'@'%';", /GRANT statement is not allowed in an imported dump/, 'disallowed-statement'],
    ["CREATE USER 'eve'@'%' IDENTIFIED BY 'x';", /CREATE USER statement is not allowed/, 'disallowed-statement'],
    ['DROP DATABASE shop;', /DROP DATABASE statement is not allowed/, 'disallowed-statement'],
    [
      '/*!50000 DROP TABLE users */;',
      /DROP TABLE `users` \(inside a \/\*! … \*\/ conditional comment, which MySQL executes\)/,
      'disallowed-statement',
    ],
    ["REPLACE INTO users VALUES (1,'a');", /REPLACE statement is not allowed/, 'disallowed-statement'],
    [
      "INSERT INTO `secrets` VALUES (1,'x');",
      /INSERT into table `secrets`, which this import's file→table mapping does not name/,
      'table-not-mapped',
    ],
    ['/*!40000 ALTER TABLE `secrets` DISABLE KEYS */;', /ALTER TABLE `secrets`.*does not/, 'table-not-mapped'],
  ] as const)('stops the file at %s, naming the file and the line', async (statement, pattern, reason) => {
    const error = await rejection(`${HEADER}INSERT INTO users VALUES (1,'a');\n\n${statement}\nINSERT INTO users VALUES (2,'b');\n`)
    expect(error.fileName).toBe('shop.sql')
    expect(error.line).toBe(7)
    expect(error.reason).toBe(reason)
    expect(error.message).toMatch(/^shop\.sql:7: /)
    expect(error.message).toMatch(pattern)
  })

  it('writes the rows before a rejected statement and none after it, however the dump is chunked', async () => {
    const dump = `INSERT INTO users VALUES (1,'a'),(2,'b');\nDROP TABLE orders;\nINSERT INTO users VALUES (3,'c');\n`
    for (const split of [1, 20, 41, 45, dump.length]) {
      const sink = new RecordingSink()
      await expect(importSqlDump(chunks(dump.slice(0, split), dump.slice(split)), options(sink, { batchRows: 10 }))).rejects.toThrow(
        'shop.sql:2: DROP TABLE `orders` is not allowed',
      )
      expect(sink.rows('import_users')).toEqual([
        [1, 'a'],
        [2, 'b'],
      ])
    }
  })

  it("skips DROP/CREATE TABLE of mapped tables with schemaStatements: 'ignore', and still rejects them for other tables", async () => {
    const sink = new RecordingSink()
    const dump =
      "DROP TABLE IF EXISTS `users`;\nCREATE TABLE `users` (\n  `id` int NOT NULL,\n  `name` varchar(10) -- the name; quoted 'x'\n);\nINSERT INTO users VALUES (1,'a');\n"
    const result = await importSqlDump(chunks(dump), options(sink, { schemaStatements: 'ignore' }))
    expect(result.rowsByTable).toEqual({ import_users: 1 })
    const error = await rejection('DROP TABLE IF EXISTS `secrets`;\n', { schemaStatements: 'ignore' })
    expect(error.reason).toBe('table-not-mapped')
  })

  it('refuses a column name that could change the SQL, naming its line, before the sink sees it', async () => {
    const error = await rejection("INSERT INTO users (id) VALUES (1);\nINSERT INTO users (id, `a``; DROP TABLE x; --`) VALUES (2,'x');\n")
    expect(error.line).toBe(2)
    expect(error.message).toMatch(/refusing column name "a`; DROP TABLE x; --"/)
  })

  it('rejects a truncated dump and reports malformed rows with their line', async () => {
    expect((await rejection("SET a=1;\nINSERT INTO users VALUES (1,'a'),(2,'b")).message).toMatch(
      /^shop\.sql:2: the dump ends inside this statement/,
    )
    expect((await rejection('\n\nINSERT INTO users VALUES (1,0x00);\n')).reason).toBe('unsupported-value')
  })

  it('passes errors of the sink through unchanged', async () => {
    const failing: RowSink = {
      insertRows: async () => {
        throw new Error('Duplicate entry 1 for key PRIMARY')
      },
      close: async () => {},
    }
    await expect(importSqlDump(chunks("INSERT INTO users VALUES (1,'a');"), options(failing))).rejects.toThrow('Duplicate entry 1')
  })

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(importSqlDump(chunks(''), options(new RecordingSink(), { batchRows: 0 }))).rejects.toThrow(RangeError)
  })
})

describe('SQL identifiers', () => {
  it('quotes valid table and column names', () => {
    expect(mysqlIdentifier('shop.import_users', 'table')).toBe('`shop`.`import_users`')
    expect(sqliteIdentifier('größe$1', 'column')).toBe('"größe$1"')
  })

  it('refuses names that could change the SQL instead of escaping them', () => {
    for (const name of ['a`; DROP TABLE x; --', 'a"b', 'a b', '', 'x'.repeat(65), 'a.b.c']) {
      expect(() => mysqlIdentifier(name, 'table'), name).toThrow(InvalidIdentifierError)
    }
    expect(() => mysqlIdentifier('a.b', 'column')).toThrow(/refusing column name "a.b"/)
  })
})
