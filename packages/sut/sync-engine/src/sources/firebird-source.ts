import Firebird from 'node-firebird'
import type { ColumnSpec } from '../schema/column-type.js'
import {
  type BatchReadOptions,
  countStatement,
  maxWatermarkStatement,
  type ReadOptions,
  selectStatement,
} from '../schema/select-statement.js'
import type { TableMapping } from '../schema/table-mapping.js'
import { decoderFor, type SyncRow, timestampText, type ValueDecoder, wallClockDate } from '../values/sync-value.js'
import { RowBatcher } from './row-batcher.js'
import type { SyncSource } from './sync-source.js'

export interface FirebirdSourceOptions {
  host: string
  port: number
  /** Path of the database file on the server, or an alias. */
  database: string
  user: string
  password: string
  /** 'disabled' turns wire encryption off; the server must then allow it (WireCrypt = Enabled). */
  wireCrypt?: 'enabled' | 'disabled'
  role?: string
}

/**
 * Driver options that avoid node-firebird's known traps: UTF8 (else the charset is NONE),
 * BIGINT as text (the default decodes it through a double), and, to switch wire encryption
 * off, both WIRE_CRYPT_DISABLE and the Srp plugin (with DISABLE alone the client offers
 * Srp512 first and the fallback fails with "Unavailable database").
 */
export function firebirdDriverOptions(options: FirebirdSourceOptions): Firebird.Options {
  const driver: Firebird.Options = {
    host: options.host,
    port: options.port,
    database: options.database,
    user: options.user,
    password: options.password,
    lowercase_keys: true,
    encoding: 'UTF8',
    numericMode: 'string',
  }
  if (options.wireCrypt === 'disabled') {
    driver.wireCrypt = Firebird.WIRE_CRYPT_DISABLE
    driver.pluginName = Firebird.AUTH_PLUGIN_SRP
  }
  if (options.role !== undefined) driver.role = options.role
  return driver
}

/**
 * Decoders for values as this source selects them: decimals and timestamps arrive as the
 * server's text (see select-statement.ts), BIGINT as text (numericMode 'string'). The common
 * case is taken without a regular expression, since decoding is where a Firebird read spends
 * its CPU.
 */
function firebirdDecoder(column: ColumnSpec): ValueDecoder {
  const general = decoderFor(column.type)
  switch (column.type.kind) {
    case 'timestamp':
      // Firebird renders a TIMESTAMP as 'YYYY-MM-DD HH:MM:SS.ffff'; milliseconds are the first 23 characters.
      return (raw) =>
        typeof raw === 'string' && raw.length === 24 && raw[19] === '.' ? raw.slice(0, 23) : raw == null ? null : timestampText(raw)
    case 'decimal':
    case 'bigint':
      return (raw) => (typeof raw === 'string' ? raw : general(raw))
    case 'smallint':
    case 'integer':
      return (raw) => (typeof raw === 'number' ? raw : general(raw))
    default:
      return general
  }
}

export class FirebirdSource implements SyncSource {
  readonly engine = 'firebird' as const

  private constructor(private readonly db: Firebird.Database) {}

  static async connect(options: FirebirdSourceOptions): Promise<FirebirdSource> {
    return new FirebirdSource(await Firebird.attachAsync(firebirdDriverOptions(options)))
  }

  async countRows(mapping: TableMapping, options: ReadOptions = {}): Promise<number> {
    const { sql, params } = countStatement('firebird', mapping.sourceTable, mapping, options, wallClockDate)
    const [row] = await this.db.queryAsync<{ n: unknown }>(sql, params as Firebird.QueryParams)
    return Number(row?.n ?? 0)
  }

  async maxWatermark(mapping: TableMapping): Promise<string | null> {
    const { sql, params } = maxWatermarkStatement('firebird', mapping.sourceTable, mapping)
    const [row] = await this.db.queryAsync<{ m: unknown }>(sql, params)
    return row?.m == null ? null : timestampText(row.m)
  }

  async readAll(mapping: TableMapping, options: ReadOptions = {}): Promise<SyncRow[]> {
    const { sql, params } = selectStatement('firebird', mapping.sourceTable, mapping, options, wallClockDate)
    const records = await this.db.queryAsync<Record<string, unknown>>(sql, params as Firebird.QueryParams)
    const decoders = mapping.columns.map(firebirdDecoder)
    const names = mapping.columns.map((c) => c.name.toLowerCase())
    return records.map((record) => names.map((name, i) => (decoders[i] as ValueDecoder)(record[name])))
  }

  /**
   * One streamed SELECT in key order with backpressure (queryStream pauses fetching while its
   * buffer is full), never FIRST/SKIP pages, which cost O(n²).
   */
  async *readBatches(mapping: TableMapping, options: BatchReadOptions): AsyncIterable<SyncRow[]> {
    const columns = options.columns ?? mapping.columns
    const { sql, params } = selectStatement('firebird', mapping.sourceTable, mapping, { ...options, columns }, wallClockDate)
    const batcher = new RowBatcher(columns.map(firebirdDecoder), options.batchRows)
    const stream = this.db.queryStream(sql, params as Firebird.QueryParams, { asObject: false, highWaterMark: options.batchRows })
    try {
      for await (const raw of stream as AsyncIterable<unknown[]>) {
        const full = batcher.add(raw)
        if (full !== null) yield full
      }
      const rest = batcher.rest()
      if (rest !== null) yield rest
    } finally {
      stream.destroy()
    }
  }

  async close(): Promise<void> {
    await this.db.detachAsync()
  }
}
