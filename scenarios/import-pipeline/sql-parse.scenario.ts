import { defineScenario, throughput } from '@dyno/core'
import { checkDumpStatement, type DumpHandler, RegexDumpParser, StreamingDumpParser } from '@sut/import-pipeline'
import { DUMP_TABLES, DumpFingerprint, generateSqlDump } from './sql-dump-generator.js'

/** A file read stream's default chunk size: what the importer gets from disk or a ZIP entry. */
const CHUNK_BYTES = 64 * 1024

interface ParseOutput {
  bytes: number
  rows: number
  fingerprint: number
}

interface Parser {
  write(chunk: Buffer): void
  end(): void
}

/**
 * The timed job, the same for both variants: feed the dump in 64 KiB chunks, check each
 * statement against the import policy (all three tables mapped) and fingerprint every row, so
 * no variant can skip work the other does and verify() sees every value.
 */
function parseDump(chunks: readonly Buffer[], makeParser: (handler: DumpHandler) => Parser): ParseOutput {
  const fingerprint = new DumpFingerprint()
  const mapped = new Set<string>(DUMP_TABLES)
  const parser = makeParser({
    statement: (statement) => checkDumpStatement(statement, { tableFor: (table) => (mapped.has(table) ? table : undefined) }),
    row: (values) => fingerprint.add(values),
  })
  let bytes = 0
  for (const chunk of chunks) {
    parser.write(chunk)
    bytes += chunk.length
  }
  parser.end()
  return { bytes, rows: fingerprint.rows, fingerprint: fingerprint.value }
}

function chunksOf(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8')
  const chunks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) chunks.push(bytes.subarray(at, at + CHUNK_BYTES))
  return chunks
}

/**
 * Seed 001, "Database Import Performance: SQL parsing: 0.25 ns/op, 250MB/s parsing rate" —
 * a figure whose ns/op half is impossible (less than a CPU cycle per operation). Here the
 * same generated mysqldump-shaped dump (fixed seed: the same bytes on every machine) is
 * parsed by the seed's approach (lines collected into statements, then regular expressions)
 * and by a streaming byte tokenizer; the rate is dump bytes per second.
 */
export default defineScenario({
  id: 'import-pipeline/sql-parse',
  description:
    'Parse a mysqldump-style dump (3 tables, multi-row INSERTs, escapes, unicode, NULLs, decimals): regex per statement vs streaming tokenizer',
  runner: throughput({ unit: 'bytes', units: (output: ParseOutput) => output.bytes, isolation: 'in-process' }),
  packages: ['@sut/import-pipeline'],
  tags: ['seed-001', 'cpu'],
  setup: ({ quick }) => generateSqlDump(quick ? 1_000_000 : 8_000_000),
  variants: {
    'regex-per-statement': {
      baseline: true,
      description: 'Seed 001 before: decode to text, collect lines up to a ";", then regexes for the INSERT, each row and each value',
      prepare: (dump) => {
        const chunks = chunksOf(dump.text)
        return () => parseDump(chunks, (handler) => new RegexDumpParser(handler))
      },
    },
    'streaming-tokenizer': {
      description: 'After: one pass over the bytes, decoding only string literals; holds at most one unfinished row between chunks',
      prepare: (dump) => {
        const chunks = chunksOf(dump.text)
        return () => parseDump(chunks, (handler) => new StreamingDumpParser(handler))
      },
    },
  },
  verify: (output, { fixture }) => {
    if (output.rows !== fixture.rows) return `parsed ${output.rows} rows, the generator wrote ${fixture.rows}`
    return (
      output.fingerprint === fixture.fingerprint ||
      `the rows' fingerprint ${output.fingerprint} differs from the generated ${fixture.fingerprint}`
    )
  },
  budgets: [{ metric: 'bytesPerSec', variant: 'streaming-tokenizer', min: 100e6, reason: 'issue 8 target: SQL parsing ≥ 100 MB/s' }],
})
