import { Readable } from 'node:stream'
import mysql from 'mysql2/promise'
import { quoteIdentifier } from '../schema/identifier.js'
import { type BatchReadOptions, countStatement, type ReadOptions, selectStatement } from '../schema/select-statement.js'
import type { TableMapping } from '../schema/table-mapping.js'
import { keyIndexes } from '../schema/table-mapping.js'
import { mysqlCreateTable } from '../schema/target-ddl.js'
import { decoderFor, type SyncRow, type SyncValue, type ValueDecoder } from '../values/sync-value.js'
import { CHECKPOINT_TABLE, type Checkpoint, parseCheckpoint } from './checkpoint.js'
import type { SyncTarget, UpsertOptions } from './sync-target.js'

export interface MysqlTargetOptions {
  host: string
  port: number
  user: string
  password: string
  database: string
}

/**
 * Pool settings (seed 000's MaxOpenConns / MaxIdleConns / ConnMaxLifetime). Leave them out for
 * mysql2's defaults, which is what the naive variant does.
 */
export interface MysqlPoolSettings {
  maxOpen: number
  maxIdle: number
  idleTimeoutMs: number
  /** Connections older than this are closed instead of reused (a server or proxy may cut them). */
  maxLifetimeMs: number
  /** Write batches with LOAD DATA LOCAL INFILE … REPLACE instead of INSERT … ON DUPLICATE KEY UPDATE. */
  loadData?: boolean
}

/** mysql2 error codes after which the same statement may well succeed on a fresh connection. */
const TRANSIENT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ER_CONNECTION_KILLED',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
  'ER_CON_COUNT_ERROR',
])
/** The same by number, for errors mysql2 reports without a code name (MariaDB's 1927 "connection killed"). */
const TRANSIENT_ERRNOS = new Set([1053, 1205, 1213, 1317, 1927, 2006, 2013])

/** LOAD DATA field: \N for NULL; backslash, tab, newline, CR and NUL escaped (the stream must carry Buffers). */
function tsvField(value: SyncValue): string {
  if (value === null) return '\\N'
  if (typeof value === 'number') return String(value)
  return value.replace(/[\\\t\n\r\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\0'))
}

export class MysqlTarget implements SyncTarget {
  readonly engine = 'mysql' as const
  private readonly createdAt = new Map<number, number>()

  private constructor(
    private readonly pool: mysql.Pool,
    private readonly settings: MysqlPoolSettings | null,
  ) {
    pool.on('connection', (connection) => {
      this.createdAt.set(connection.threadId, Date.now())
    })
  }

  /**
   * Values travel as exact text: BIGINT and DECIMAL as strings (supportBigNumbers,
   * bigNumberStrings; decimalNumbers off), DATETIME as text (dateStrings), so no Date is built
   * in the process's zone.
   */
  static async connect(options: MysqlTargetOptions, settings?: MysqlPoolSettings): Promise<MysqlTarget> {
    const pool = mysql.createPool({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      connectTimeout: 10_000,
      ...(settings === undefined
        ? {}
        : { connectionLimit: settings.maxOpen, maxIdle: settings.maxIdle, idleTimeout: settings.idleTimeoutMs, enableKeepAlive: true }),
    })
    const target = new MysqlTarget(pool, settings ?? null)
    try {
      await pool.query('SELECT 1')
    } catch (error) {
      await pool.end().catch(() => {})
      throw error
    }
    return target
  }

  /** A pooled connection, replacing ones past their lifetime (mysql2 has no lifetime setting of its own). */
  private async connection(): Promise<mysql.PoolConnection> {
    const checkoutStarted = Date.now()
    for (;;) {
      const connection = await this.pool.getConnection()
      const born = this.createdAt.get(connection.threadId)
      // A connection opened for this very checkout is always used, so even a lifetime of 0 ends.
      if (this.settings === null || born === undefined || born >= checkoutStarted || Date.now() - born < this.settings.maxLifetimeMs)
        return connection
      this.createdAt.delete(connection.threadId)
      connection.destroy()
    }
  }

  private async withConnection<T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T> {
    const connection = await this.connection()
    try {
      const result = await work(connection)
      connection.release()
      return result
    } catch (error) {
      // A connection that failed mid-statement may be half-dead: never hand it out again.
      if (this.isTransient(error)) {
        this.createdAt.delete(connection.threadId)
        connection.destroy()
      } else connection.release()
      throw error
    }
  }

  async ensureTable(mapping: TableMapping): Promise<void> {
    await this.withConnection(async (connection) => {
      await connection.query(mysqlCreateTable(mapping))
      await connection.query(
        `CREATE TABLE IF NOT EXISTS ${quoteIdentifier('mysql', CHECKPOINT_TABLE)} (name VARCHAR(200) NOT NULL PRIMARY KEY, body TEXT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
      )
    })
  }

  private keyCondition(mapping: TableMapping): string {
    return mapping.key.map((k) => `${quoteIdentifier('mysql', k)} = ?`).join(' AND ')
  }

  async rowExists(mapping: TableMapping, key: readonly SyncValue[]): Promise<boolean> {
    const [rows] = await this.pool.query<mysql.RowDataPacket[]>(
      `SELECT 1 FROM ${quoteIdentifier('mysql', mapping.targetTable)} WHERE ${this.keyCondition(mapping)} LIMIT 1`,
      [...key],
    )
    return rows.length > 0
  }

  async insertRow(mapping: TableMapping, row: SyncRow): Promise<void> {
    const columns = mapping.columns.map((c) => quoteIdentifier('mysql', c.name)).join(', ')
    await this.pool.query(
      `INSERT INTO ${quoteIdentifier('mysql', mapping.targetTable)} (${columns}) VALUES (${mapping.columns.map(() => '?').join(', ')})`,
      row,
    )
  }

  async updateRow(mapping: TableMapping, row: SyncRow): Promise<void> {
    const keys = keyIndexes(mapping)
    const others = mapping.columns.map((_, i) => i).filter((i) => !keys.includes(i))
    if (others.length === 0) return
    const set = others.map((i) => `${quoteIdentifier('mysql', (mapping.columns[i] as { name: string }).name)} = ?`).join(', ')
    await this.pool.query(`UPDATE ${quoteIdentifier('mysql', mapping.targetTable)} SET ${set} WHERE ${this.keyCondition(mapping)}`, [
      ...others.map((i) => row[i] ?? null),
      ...keys.map((i) => row[i] ?? null),
    ])
  }

  async upsertBatch(mapping: TableMapping, rows: readonly SyncRow[], options: UpsertOptions): Promise<void> {
    if (rows.length === 0) return
    const table = quoteIdentifier('mysql', mapping.targetTable)
    const columns = mapping.columns.map((c) => quoteIdentifier('mysql', c.name))
    if (this.settings?.loadData === true) {
      const lines = rows.map((row) => row.map(tsvField).join('\t')).join('\n')
      await this.withConnection((connection) =>
        connection.query({
          sql: `LOAD DATA LOCAL INFILE 'batch.tsv' REPLACE INTO TABLE ${table} CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.join(', ')})`,
          timeout: options.timeoutMs,
          infileStreamFactory: () => Readable.from([Buffer.from(`${lines}\n`, 'utf8')]),
        }),
      )
      return
    }
    const keys = new Set(mapping.key.map((k) => k.toLowerCase()))
    const updates = mapping.columns.filter((c) => !keys.has(c.name.toLowerCase())).map((c) => quoteIdentifier('mysql', c.name))
    // VALUES(col) rather than a row alias: MariaDB has no row alias (notes, M9).
    const sql =
      updates.length === 0
        ? `INSERT IGNORE INTO ${table} (${columns.join(', ')}) VALUES ?`
        : `INSERT INTO ${table} (${columns.join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${updates.map((c) => `${c} = VALUES(${c})`).join(', ')}`
    await this.withConnection((connection) => connection.query({ sql, timeout: options.timeoutMs }, [rows]))
  }

  async deleteKeys(mapping: TableMapping, keys: readonly (readonly SyncValue[])[]): Promise<number> {
    if (keys.length === 0) return 0
    const columns = mapping.key.map((k) => quoteIdentifier('mysql', k)).join(', ')
    const [result] = await this.pool.query<mysql.ResultSetHeader>(
      `DELETE FROM ${quoteIdentifier('mysql', mapping.targetTable)} WHERE (${columns}) IN (?)`,
      [keys.map((k) => [...k])],
    )
    return result.affectedRows
  }

  async readCheckpoint(mapping: TableMapping): Promise<Checkpoint | null> {
    const [rows] = await this.pool.query<mysql.RowDataPacket[]>(
      `SELECT body FROM ${quoteIdentifier('mysql', CHECKPOINT_TABLE)} WHERE name = ?`,
      [mapping.name],
    )
    const body = rows[0]?.body
    return typeof body === 'string' ? parseCheckpoint(body) : null
  }

  async writeCheckpoint(mapping: TableMapping, checkpoint: Checkpoint): Promise<void> {
    await this.withConnection((connection) =>
      connection.query(
        `INSERT INTO ${quoteIdentifier('mysql', CHECKPOINT_TABLE)} (name, body) VALUES (?, ?) ON DUPLICATE KEY UPDATE body = VALUES(body)`,
        [mapping.name, JSON.stringify(checkpoint)],
      ),
    )
  }

  async countRows(mapping: TableMapping, options: ReadOptions = {}): Promise<number> {
    const { sql, params } = countStatement('mysql', mapping.targetTable, mapping, options)
    const [rows] = await this.pool.query<mysql.RowDataPacket[]>(sql, params)
    return Number(rows[0]?.n ?? 0)
  }

  /** Keyset pages (WHERE key > last ORDER BY key LIMIT n): each page is an index range scan. */
  async *readBatches(mapping: TableMapping, options: BatchReadOptions): AsyncIterable<SyncRow[]> {
    const columns = options.columns ?? mapping.columns
    const decoders = columns.map((c) => decoderFor(c.type))
    const keyAt = mapping.key.map((k) => columns.findIndex((c) => c.name.toLowerCase() === k.toLowerCase()))
    if (keyAt.includes(-1)) throw new Error('reading a MySQL table in pages needs the key columns among the columns read')
    let afterKey = options.afterKey ?? null
    for (;;) {
      const { sql, params } = selectStatement('mysql', mapping.targetTable, mapping, {
        ...options,
        afterKey,
        columns,
        limit: options.batchRows,
      })
      const [raws] = await this.pool.query<mysql.RowDataPacket[]>({ sql, rowsAsArray: true }, params)
      if (raws.length === 0) return
      const batch = (raws as unknown as unknown[][]).map((raw) => decoders.map((decode, i) => (decode as ValueDecoder)(raw[i])))
      yield batch
      if (batch.length < options.batchRows) return
      const last = batch[batch.length - 1] as SyncRow
      afterKey = keyAt.map((i) => last[i] ?? null)
    }
  }

  isTransient(error: unknown): boolean {
    if (typeof error !== 'object' || error === null) return false
    const { code, errno, fatal } = error as { code?: unknown; errno?: unknown; fatal?: unknown }
    return (
      fatal === true ||
      (typeof code === 'string' && TRANSIENT_CODES.has(code)) ||
      (typeof errno === 'number' && TRANSIENT_ERRNOS.has(errno))
    )
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
