import { describe, expect, it } from 'vitest'
import type { DumpHandler, DumpStatement } from './dump-statement.js'
import { RegexDumpParser } from './regex-dump-parser.js'
import { DumpParseError } from './sql-dump-rejected.js'
import { numericLiteralValue, type SqlValue } from './sql-value.js'
import { StreamingDumpParser } from './streaming-dump-parser.js'

export type DumpEvent = { statement: DumpStatement } | { row: SqlValue[] }

/** Something that takes a dump in chunks: either parser. */
export interface ChunkParser {
  write(chunk: Buffer): void
  end(): void
}

/** Runs a parser over the chunks and returns every statement and row it reported, in order. */
export function parseChunks(makeParser: (handler: DumpHandler) => ChunkParser, chunks: readonly Buffer[]): DumpEvent[] {
  const events: DumpEvent[] = []
  const parser = makeParser({ statement: (statement) => events.push({ statement }), row: (row) => events.push({ row }) })
  for (const chunk of chunks) parser.write(chunk)
  parser.end()
  return events
}

/** Splits `bytes` into chunks of random sizes between 1 and `maxChunk`, from a seeded generator. */
export function randomChunks(bytes: Buffer, seed: number, maxChunk: number): Buffer[] {
  let state = seed >>> 0
  const next = () => {
    // mulberry32: small, seedable, good enough to pick chunk sizes.
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const chunks: Buffer[] = []
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(next() * maxChunk)
    chunks.push(bytes.subarray(at, at + size))
    at += size
  }
  return chunks
}

const streaming = (handler: DumpHandler) => new StreamingDumpParser(handler)
const regex = (handler: DumpHandler) => new RegexDumpParser(handler)

function rowsOf(events: DumpEvent[]): SqlValue[][] {
  return events.flatMap((e) => ('row' in e ? [e.row] : []))
}

function statementsOf(events: DumpEvent[]): DumpStatement[] {
  return events.flatMap((e) => ('statement' in e ? [e.statement] : []))
}

/**
 * A dump in mysqldump's shape with every construct the tokenizer must get right, so that a
 * chunk boundary can fall inside each of them: comments of all three kinds (one holding a
 * quote and a semicolon), conditional comments, every escape, doubled quotes, multi-byte
 * UTF-8 (2, 3 and 4 bytes), numbers of every form, BIGINTs beyond 2^53, NULLs, a column list
 * and a statement spread over several lines.
 */
const DUMP = Buffer.from(
  [
    '-- MySQL dump 10.19  Distrib 10.11.19-MariaDB',
    '/*M!999999\\- enable the sandbox mode */ ',
    '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
    '/*!40101 SET NAMES utf8mb4 */;',
    "# a hash comment with a quote ' and a ; semicolon",
    "/* a block comment; with a quote ' and",
    '   two lines */',
    'LOCK TABLES `users` WRITE;',
    '/*!40000 ALTER TABLE `users` DISABLE KEYS */;',
    "INSERT INTO `users` VALUES (1,'O\\'Brien','line\\nbreak\\ttab\\rcr',NULL,12.50,-3,18446744073709551615,'Grüße ☃ 𝄞'),(2,'it''s','\\\\ \\% \\_ \\0 \\b \\Z \\\" \\x','',-0.001,0,-0,'\"double\"'),(3,'ünïcödé 漢字 🎉','a;b',NULL,1.5e-7,9007199254740993,-9223372036854775808,'');",
    '/*!40000 ALTER TABLE `users` ENABLE KEYS */;',
    'UNLOCK TABLES;',
    'INSERT IGNORE INTO `orders` (`id`, `user_id`, `total`, `note`)',
    '  VALUES',
    '  (10, 1, 99999999999999999999.99, "dq \'single\' inside"),',
    '  ( 11 ,2, +7, NULL ) ;',
    "INSERT INTO orders(id,user_id,total,note) VALUES (12,3,.5,'x'),(13,3,5.,'\\\\');",
    '-- Dump completed',
    '',
  ].join('\n'),
)

const EXPECTED_ROWS: SqlValue[][] = [
  [1, "O'Brien", 'line\nbreak\ttab\rcr', null, '12.50', -3, 18446744073709551615n, 'Grüße ☃ 𝄞'],
  [2, "it's", '\\ \\% \\_ \0 \b \x1a " x', '', '-0.001', 0, 0, '"double"'],
  [3, 'ünïcödé 漢字 🎉', 'a;b', null, '1.5e-7', 9007199254740993n, -9223372036854775808n, ''],
  [10, 1, '99999999999999999999.99', "dq 'single' inside"],
  [11, 2, 7, null],
  [12, 3, '.5', 'x'],
  [13, 3, '5.', '\\'],
]

describe('StreamingDumpParser', () => {
  it('reads every value form, escape and comment of a mysqldump-style dump', () => {
    const events = parseChunks(streaming, [DUMP])
    expect(rowsOf(events)).toEqual(EXPECTED_ROWS)
    expect(statementsOf(events).map((s) => [s.kind, s.table, s.line, s.conditional])).toEqual([
      ['sandbox-marker', undefined, 2, true],
      ['set', undefined, 3, true],
      ['set', undefined, 4, true],
      ['lock-tables', 'users', 8, false],
      ['alter-table-keys', 'users', 9, true],
      ['insert', 'users', 10, false],
      ['alter-table-keys', 'users', 11, true],
      ['unlock-tables', undefined, 12, false],
      ['insert', 'orders', 13, false],
      ['insert', 'orders', 17, false],
    ])
    expect(
      statementsOf(events)
        .filter((s) => s.kind === 'insert')
        .map((s) => s.columns),
    ).toEqual([undefined, ['id', 'user_id', 'total', 'note'], ['id', 'user_id', 'total', 'note']])
  })

  it('slices the ASCII values of a row right when non-ASCII text sits between them', () => {
    // 'abc', '12.5' and 'xyz' are decoded together; the escaped 'é' string between them is not.
    const dump = Buffer.from("INSERT INTO t VALUES (1,'abc','é\\n€',12.5,'xyz',\"q\"),(2,'€','a',1e3,'b','c');")
    expect(rowsOf(parseChunks(streaming, [dump]))).toEqual([
      [1, 'abc', 'é\n€', '12.5', 'xyz', 'q'],
      [2, '€', 'a', '1e3', 'b', 'c'],
    ])
  })

  it('keeps integers exact at the edges of the safe range and beyond 64 bits', () => {
    const literals = [
      '9007199254740991',
      '-9007199254740991',
      '9007199254740992',
      '-9007199254740992',
      '0009007199254740991',
      '999999999999999',
      '1000000000000000',
      '99999999999999999999999999999',
      '123456789012345678901234567890123456789012345678901234567890',
      '-0000000000000000',
    ]
    const [row] = rowsOf(parseChunks(streaming, [Buffer.from(`INSERT INTO t VALUES (${literals.join(',')});`)]))
    expect(row).toEqual([
      9007199254740991,
      -9007199254740991,
      9007199254740992n,
      -9007199254740992n,
      9007199254740991,
      999999999999999,
      1000000000000000,
      99999999999999999999999999999n,
      123456789012345678901234567890123456789012345678901234567890n,
      0,
    ])
    expect(row).toEqual(literals.map(numericLiteralValue))
    expect(Object.is(row?.[9], 0)).toBe(true)
  })

  it('reports the same statements, lines and rows wherever a single chunk boundary falls', () => {
    const whole = parseChunks(streaming, [DUMP])
    for (let offset = 0; offset <= DUMP.length; offset++) {
      const split = parseChunks(streaming, [DUMP.subarray(0, offset), DUMP.subarray(offset)])
      if (JSON.stringify(split, bigints) !== JSON.stringify(whole, bigints)) {
        expect.fail(
          `split at byte ${offset} (${JSON.stringify(DUMP.subarray(Math.max(0, offset - 10), offset + 10).toString('latin1'))}) changed the result`,
        )
      }
    }
  })

  it('reports the same result for random chunkings, down to one byte at a time', () => {
    const whole = JSON.stringify(parseChunks(streaming, [DUMP]), bigints)
    expect(JSON.stringify(parseChunks(streaming, randomChunks(DUMP, 0, 1)), bigints)).toBe(whole)
    for (let seed = 1; seed <= 200; seed++) {
      const chunks = randomChunks(DUMP, seed, 1 + (seed % 40))
      expect(JSON.stringify(parseChunks(streaming, chunks), bigints), `seed ${seed}`).toBe(whole)
    }
  })

  it('keeps a row larger than many chunks intact', () => {
    const big = 'é'.repeat(300_000)
    const dump = Buffer.from(`INSERT INTO t VALUES (1,'${big}'),(2,'x');\n`)
    const rows = rowsOf(parseChunks(streaming, randomChunks(dump, 7, 4096)))
    expect(rows).toEqual([
      [1, big],
      [2, 'x'],
    ])
  })

  it('names the line of a truncated dump, whether it stops inside a string, a row or a comment', () => {
    for (const [text, line] of [
      ["SET x=1;\n\nINSERT INTO t VALUES (1,'abc", 3],
      ['SET x=1;\nINSERT INTO t VALUES (1,2),(3', 2],
      ['SET x=1;\nINSERT INTO t VALUES (1,2)', 2],
      ['SET x=1;\n/* never closed', 2],
      ['SET x=1;\n\n/*!40101 SET y=2', 3],
    ] as const) {
      const error = catchError(() => parseChunks(streaming, [Buffer.from(text)]))
      expect(error, text).toBeInstanceOf(DumpParseError)
      expect((error as DumpParseError).line, text).toBe(line)
      expect((error as DumpParseError).reason, text).toBe('malformed')
    }
  })

  it('refuses values it cannot represent exactly, naming the line', () => {
    for (const value of ['0x1F', "X'1F'", "b'101'", "_binary 'abc'", '0b101']) {
      const error = catchError(() => parseChunks(streaming, [Buffer.from(`\n\nINSERT INTO t VALUES (1,${value});\n`)]))
      expect(error, value).toBeInstanceOf(DumpParseError)
      expect((error as DumpParseError).reason, value).toBe('unsupported-value')
      expect((error as DumpParseError).line, value).toBe(3)
      expect((error as DumpParseError).message, value).toMatch(/--hex-blob/)
    }
  })

  it('refuses malformed rows and INSERT forms it does not import', () => {
    for (const [text, pattern] of [
      ['INSERT INTO t VALUES (1,2),(3);', /a row of 1 values in an INSERT whose rows have 2/],
      ['INSERT INTO t (a,b) VALUES (1);', /a row of 1 values in an INSERT whose rows have 2/],
      ['INSERT INTO t VALUES (1 2);', /expected ',' or '\)' after a value/],
      ['INSERT INTO t VALUES (1,2) ON DUPLICATE KEY UPDATE a=1;', /ON DUPLICATE KEY UPDATE/],
      ['INSERT INTO t SELECT * FROM u;', /only INSERT \[IGNORE\] INTO table/],
      ['INSERT INTO t VALUES (12abc);', /not a number/],
      ['INSERT INTO t VALUES (now());', /expected a value/],
    ] as const) {
      expect(() => parseChunks(streaming, [Buffer.from(text)]), text).toThrow(pattern)
    }
  })
})

describe('RegexDumpParser (seed 001 before)', () => {
  // mysqldump writes single-quoted strings only and no comment spanning lines between
  // statements; those two are the tokenizer's extras. (The comment keeps its line, so the
  // statements' line numbers stay comparable.)
  const MYSQLDUMP_FORMS = Buffer.from(
    DUMP.toString('utf8')
      .replace(`"dq 'single' inside"`, `'dq \\'single\\' inside'`)
      .replace("/* a block comment; with a quote ' and\n   two lines */", '/* a block comment */\n/* on two lines */'),
  )

  it('reports the same statements, lines and rows as the streaming parser on mysqldump-style output', () => {
    const events = parseChunks(regex, [MYSQLDUMP_FORMS])
    expect(rowsOf(events)[3]).toEqual([10, 1, '99999999999999999999.99', "dq 'single' inside"])
    expect(events).toEqual(parseChunks(streaming, [MYSQLDUMP_FORMS]))
  })

  it('reports the same result however its input is chunked', () => {
    const whole = JSON.stringify(parseChunks(regex, [MYSQLDUMP_FORMS]), bigints)
    for (let seed = 1; seed <= 20; seed++) {
      expect(JSON.stringify(parseChunks(regex, randomChunks(MYSQLDUMP_FORMS, seed, 1 + seed)), bigints), `seed ${seed}`).toBe(whole)
    }
  })

  it('mistakes a string holding a raw line break after a semicolon for the end of the statement, where the tokenizer does not', () => {
    const tricky = Buffer.from("INSERT INTO t VALUES (1,'first;\nsecond');\n")
    expect(rowsOf(parseChunks(streaming, [tricky]))).toEqual([[1, 'first;\nsecond']])
    expect(() => parseChunks(regex, [tricky])).toThrow(DumpParseError)
  })
})

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value
}

function catchError(work: () => unknown): unknown {
  try {
    work()
  } catch (error) {
    return error
  }
  return undefined
}
