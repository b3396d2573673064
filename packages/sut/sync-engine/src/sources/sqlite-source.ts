import Database from 'better-sqlite3'
import {
  type BatchReadOptions,
  countStatement,
  maxWatermarkStatement,
  type ReadOptions,
  selectStatement,
} from '../schema/select-statement.js'
import type { TableMapping } from '../schema/table-mapping.js'
import { decoderFor, type SyncRow, timestampText } from '../values/sync-value.js'
import { RowBatcher } from './row-batcher.js'
import type { SyncSource } from './sync-source.js'

/**
 * An SQLite file as the source: the stand-in when no Firebird server is available. Integers
 * are read as bigints (safeIntegers), so a BIGINT beyond 2^53 keeps its digits; decimals and
 * timestamps are stored as text.
 */
export class SqliteSource implements SyncSource {
  readonly engine = 'sqlite' as const
  private readonly db: Database.Database

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true })
  }

  async countRows(mapping: TableMapping, options: ReadOptions = {}): Promise<number> {
    const { sql, params } = countStatement('sqlite', mapping.sourceTable, mapping, options)
    const row = this.db.prepare(sql).get(...params) as { n: number } | undefined
    return Number(row?.n ?? 0)
  }

  async maxWatermark(mapping: TableMapping): Promise<string | null> {
    const { sql, params } = maxWatermarkStatement('sqlite', mapping.sourceTable, mapping)
    const row = this.db.prepare(sql).get(...params) as { m: unknown } | undefined
    return row?.m == null ? null : timestampText(row.m)
  }

  async readAll(mapping: TableMapping, options: ReadOptions = {}): Promise<SyncRow[]> {
    const { sql, params } = selectStatement('sqlite', mapping.sourceTable, mapping, options)
    const decoders = mapping.columns.map((c) => decoderFor(c.type))
    const raws = this.db
      .prepare(sql)
      .safeIntegers(true)
      .raw(true)
      .all(...params) as unknown[][]
    return raws.map((raw) => decoders.map((decode, i) => decode(raw[i])))
  }

  async *readBatches(mapping: TableMapping, options: BatchReadOptions): AsyncIterable<SyncRow[]> {
    const columns = options.columns ?? mapping.columns
    const { sql, params } = selectStatement('sqlite', mapping.sourceTable, mapping, { ...options, columns })
    const batcher = new RowBatcher(
      columns.map((c) => decoderFor(c.type)),
      options.batchRows,
    )
    // iterate() steps the cursor only as the loop asks for rows: the file is never read ahead.
    for (const raw of this.db
      .prepare(sql)
      .safeIntegers(true)
      .raw(true)
      .iterate(...params) as IterableIterator<unknown[]>) {
      const full = batcher.add(raw)
      if (full !== null) yield full
    }
    const rest = batcher.rest()
    if (rest !== null) yield rest
  }

  async close(): Promise<void> {
    this.db.close()
  }
}
