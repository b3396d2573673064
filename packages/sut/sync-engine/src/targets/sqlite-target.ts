import Database from 'better-sqlite3'
import { quoteIdentifier } from '../schema/identifier.js'
import { type BatchReadOptions, countStatement, type ReadOptions, selectStatement } from '../schema/select-statement.js'
import { keyIndexes, type TableMapping } from '../schema/table-mapping.js'
import { sqliteCreateTable } from '../schema/target-ddl.js'
import { decoderFor, type SyncRow, type SyncValue, type ValueDecoder } from '../values/sync-value.js'
import { CHECKPOINT_TABLE, type Checkpoint, parseCheckpoint } from './checkpoint.js'
import type { SyncTarget } from './sync-target.js'

export interface SqliteTargetOptions {
  /**
   * SQLite's `synchronous` for this connection. better-sqlite3 reports FULL after WAL but runs
   * NORMAL (notes, S2), so it is always set explicitly; NORMAL in WAL mode syncs at
   * checkpoints, not at every commit.
   */
  synchronous?: 'OFF' | 'NORMAL' | 'FULL'
}

/**
 * An SQLite file as the target: the stand-in when no MySQL server is available. A batch is
 * one transaction of prepared single-row upserts, which is SQLite's fast path (a multi-row
 * VALUES list gains nothing in-process). Statements are synchronous, so a per-batch timeout
 * cannot interrupt one; batches here take milliseconds.
 */
export class SqliteTarget implements SyncTarget {
  readonly engine = 'sqlite' as const
  private readonly db: Database.Database

  constructor(file: string, options: SqliteTargetOptions = {}) {
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
    this.db.pragma('busy_timeout = 5000')
  }

  async ensureTable(mapping: TableMapping): Promise<void> {
    this.db.exec(sqliteCreateTable(mapping))
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${quoteIdentifier('sqlite', CHECKPOINT_TABLE)} (name TEXT NOT NULL PRIMARY KEY, body TEXT NOT NULL)`,
    )
  }

  private keyCondition(mapping: TableMapping): string {
    return mapping.key.map((k) => `${quoteIdentifier('sqlite', k)} = ?`).join(' AND ')
  }

  async rowExists(mapping: TableMapping, key: readonly SyncValue[]): Promise<boolean> {
    const sql = `SELECT 1 FROM ${quoteIdentifier('sqlite', mapping.targetTable)} WHERE ${this.keyCondition(mapping)} LIMIT 1`
    return this.db.prepare(sql).get(...key) !== undefined
  }

  async insertRow(mapping: TableMapping, row: SyncRow): Promise<void> {
    const columns = mapping.columns.map((c) => quoteIdentifier('sqlite', c.name)).join(', ')
    const sql = `INSERT INTO ${quoteIdentifier('sqlite', mapping.targetTable)} (${columns}) VALUES (${mapping.columns.map(() => '?').join(', ')})`
    this.db.prepare(sql).run(...row)
  }

  async updateRow(mapping: TableMapping, row: SyncRow): Promise<void> {
    const keys = keyIndexes(mapping)
    const others = mapping.columns.map((_, i) => i).filter((i) => !keys.includes(i))
    if (others.length === 0) return
    const set = others.map((i) => `${quoteIdentifier('sqlite', (mapping.columns[i] as { name: string }).name)} = ?`).join(', ')
    const sql = `UPDATE ${quoteIdentifier('sqlite', mapping.targetTable)} SET ${set} WHERE ${this.keyCondition(mapping)}`
    this.db.prepare(sql).run(...others.map((i) => row[i] ?? null), ...keys.map((i) => row[i] ?? null))
  }

  private upsertSql(mapping: TableMapping): string {
    const columns = mapping.columns.map((c) => quoteIdentifier('sqlite', c.name))
    const keys = new Set(mapping.key.map((k) => k.toLowerCase()))
    const updates = mapping.columns.filter((c) => !keys.has(c.name.toLowerCase())).map((c) => quoteIdentifier('sqlite', c.name))
    const conflict = mapping.key.map((k) => quoteIdentifier('sqlite', k)).join(', ')
    const action = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}`
    return `INSERT INTO ${quoteIdentifier('sqlite', mapping.targetTable)} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (${conflict}) ${action}`
  }

  async upsertBatch(mapping: TableMapping, rows: readonly SyncRow[]): Promise<void> {
    const statement = this.db.prepare(this.upsertSql(mapping))
    this.db.transaction(() => {
      for (const row of rows) statement.run(...row)
    })()
  }

  async deleteKeys(mapping: TableMapping, keys: readonly (readonly SyncValue[])[]): Promise<number> {
    const statement = this.db.prepare(`DELETE FROM ${quoteIdentifier('sqlite', mapping.targetTable)} WHERE ${this.keyCondition(mapping)}`)
    let deleted = 0
    this.db.transaction(() => {
      for (const key of keys) deleted += statement.run(...key).changes
    })()
    return deleted
  }

  async readCheckpoint(mapping: TableMapping): Promise<Checkpoint | null> {
    const row = this.db.prepare(`SELECT body FROM ${quoteIdentifier('sqlite', CHECKPOINT_TABLE)} WHERE name = ?`).get(mapping.name) as
      | { body: string }
      | undefined
    return row === undefined ? null : parseCheckpoint(row.body)
  }

  async writeCheckpoint(mapping: TableMapping, checkpoint: Checkpoint): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO ${quoteIdentifier('sqlite', CHECKPOINT_TABLE)} (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body`,
      )
      .run(mapping.name, JSON.stringify(checkpoint))
  }

  async countRows(mapping: TableMapping, options: ReadOptions = {}): Promise<number> {
    const { sql, params } = countStatement('sqlite', mapping.targetTable, mapping, options)
    const row = this.db.prepare(sql).get(...params) as { n: number } | undefined
    return Number(row?.n ?? 0)
  }

  async *readBatches(mapping: TableMapping, options: BatchReadOptions): AsyncIterable<SyncRow[]> {
    const columns = options.columns ?? mapping.columns
    const { sql, params } = selectStatement('sqlite', mapping.targetTable, mapping, { ...options, columns })
    const decoders = columns.map((c) => decoderFor(c.type))
    let batch: SyncRow[] = []
    for (const raw of this.db
      .prepare(sql)
      .safeIntegers(true)
      .raw(true)
      .iterate(...params) as IterableIterator<unknown[]>) {
      batch.push(decoders.map((decode, i) => (decode as ValueDecoder)(raw[i])))
      if (batch.length === options.batchRows) {
        yield batch
        batch = []
      }
    }
    if (batch.length > 0) yield batch
  }

  /** SQLITE_BUSY and SQLITE_LOCKED clear when the other writer finishes; constraint errors do not. */
  isTransient(error: unknown): boolean {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
    return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
  }

  async close(): Promise<void> {
    this.db.close()
  }
}
