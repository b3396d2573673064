import { type AnyScenario, scenarioProblems } from '@dyno/core'
import { type DumpHandler, RegexDumpParser, type SqlValue, StreamingDumpParser } from '@sut/import-pipeline'
import { describe, expect, it } from 'vitest'
import { DumpFingerprint, generateSqlDump } from './sql-dump-generator.js'
import sqlParse from './sql-parse.scenario.js'

function parseAll(text: string, make: (handler: DumpHandler) => { write(chunk: Buffer): void; end(): void }, chunkBytes: number) {
  const rows: SqlValue[][] = []
  const tables: string[] = []
  const parser = make({ statement: (s) => (s.kind === 'insert' ? tables.push(s.table ?? '') : undefined), row: (r) => rows.push(r) })
  const bytes = Buffer.from(text)
  for (let at = 0; at < bytes.length; at += chunkBytes) parser.write(bytes.subarray(at, at + chunkBytes))
  parser.end()
  return { rows, tables: [...new Set(tables)] }
}

describe('import-pipeline/sql-parse', () => {
  const dump = generateSqlDump(300_000, 3, 20_000)

  it('is a valid scenario', () => {
    expect(scenarioProblems(sqlParse as AnyScenario)).toEqual([])
  })

  it('generates the same dump for the same seed, with rows in all three tables', () => {
    expect(generateSqlDump(300_000, 3, 20_000)).toEqual(dump)
    expect(Buffer.byteLength(dump.text)).toBeGreaterThan(280_000)
    expect(parseAll(dump.text, (h) => new StreamingDumpParser(h), 65_536).tables).toEqual(['customers', 'orders', 'events'])
  })

  it('gets identical rows from both variants, matching what the generator wrote', () => {
    const before = parseAll(dump.text, (h) => new RegexDumpParser(h), 65_536)
    const after = parseAll(dump.text, (h) => new StreamingDumpParser(h), 4_099)
    expect(after.rows).toEqual(before.rows)
    const fingerprint = new DumpFingerprint()
    for (const row of after.rows) fingerprint.add(row)
    expect({ rows: fingerprint.rows, fingerprint: fingerprint.value }).toEqual({ rows: dump.rows, fingerprint: dump.fingerprint })
    // Values of every kind made it through: bigints beyond 2^53, decimal strings, NULLs, escapes.
    const values = after.rows.flat()
    expect(values.some((v) => typeof v === 'bigint' && v > 2n ** 53n)).toBe(true)
    expect(values.some((v) => typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v))).toBe(true)
    expect(values).toContain(null)
    expect(values.some((v) => typeof v === 'string' && v.includes('\n') && v.includes('"'))).toBe(true)
  })

  it('notices a parser that drops a single value', () => {
    const rows = parseAll(dump.text, (h) => new StreamingDumpParser(h), 65_536).rows
    const fingerprint = new DumpFingerprint()
    for (const [i, row] of rows.entries()) fingerprint.add(i === 100 ? row.slice(1) : row)
    expect(fingerprint.value).not.toBe(dump.fingerprint)
  })
})
