import { Readable } from 'node:stream'
import type mysql from 'mysql2/promise'
import { canonicalItemFromRow, canonicalText, type ItemsChecksum, ItemsChecksumBuilder } from '../../datasets/items-checksum.js'
import { type ItemRow, type ItemsDataset, ItemsGenerator, itemsDatasetId } from '../../datasets/items-dataset.js'
import { checkTableName, ITEM_COLUMNS, mysqlItemsDdl, TABLE_MARKER, tableNotOurs } from '../../datasets/items-table.js'
import type { ServerUrl } from '../../url/database-url.js'
import { loadMysql } from '../load-driver.js'
import { type SeedReport, seedReport } from '../seed-report.js'

/**
 * One mysql2 connection used by the harness itself. Options follow the notes' pitfalls:
 * utf8mb4 (the server may default to latin1), BIGINT and DECIMAL as exact strings, DATETIME
 * as text (mysql2 would build Dates in the process's local zone), and a connect timeout so a
 * wrong port fails instead of hanging.
 */
export function mysqlOptions(server: ServerUrl, database: string | null = server.database || null): mysql.ConnectionOptions {
  return {
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    ...(database === null ? {} : { database }),
    charset: 'utf8mb4',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    connectTimeout: 10_000,
  }
}

const MYSQL_SETTINGS = [
  'innodb_flush_log_at_trx_commit',
  'innodb_buffer_pool_size',
  'innodb_log_file_size',
  'innodb_doublewrite',
  'innodb_flush_method',
  'sync_binlog',
  'log_bin',
  'character_set_server',
  'collation_server',
  'transaction_isolation',
  'tx_isolation',
  'max_allowed_packet',
  'local_infile',
  'version_comment',
]

export interface MysqlInspection {
  version: string
  settings: Record<string, string>
  datadir: string
}

/** Rows per LOAD DATA chunk and per multi-row INSERT: big enough to amortise, far below max_allowed_packet. */
const CHUNK_ROWS = 2000

/** TSV field for LOAD DATA: \N for NULL, and backslash, tab, newline, CR and NUL escaped. */
function tsvField(value: string | number | bigint | null): string {
  if (value === null) return '\\N'
  return String(value).replace(/[\\\t\n\r\0]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\0',
  )
}

function rowValues(row: ItemRow): (string | number | null)[] {
  return [row.id.toString(), row.customerId, row.qty, row.price, row.discount, row.name, row.note, row.status, row.createdAt, row.updatedAt]
}

/** mysql2's LOAD DATA stream must yield Buffers; string chunks crash it (notes, M7). */
function* tsvChunks(generator: ItemsGenerator): Generator<Buffer> {
  let lines: string[] = []
  for (const row of generator.rows()) {
    lines.push(rowValues(row).map(tsvField).join('\t'))
    if (lines.length === CHUNK_ROWS) {
      yield Buffer.from(`${lines.join('\n')}\n`, 'utf8')
      lines = []
    }
  }
  if (lines.length > 0) yield Buffer.from(`${lines.join('\n')}\n`, 'utf8')
}

function isLocalInfileRefused(error: unknown): boolean {
  const code = (error as { code?: unknown; errno?: unknown }).code
  const errno = (error as { errno?: unknown }).errno
  // 1148 ER_NOT_ALLOWED_COMMAND, 3948 ER_CLIENT_LOCAL_FILES_DISABLED (MySQL 8: local_infile=OFF by default)
  return errno === 1148 || errno === 3948 || code === 'ER_NOT_ALLOWED_COMMAND' || code === 'ER_CLIENT_LOCAL_FILES_DISABLED'
}

export class MysqlSession {
  private constructor(
    private readonly connection: mysql.Connection,
    readonly server: ServerUrl,
  ) {}

  static async connect(server: ServerUrl, database: string | null = server.database || null): Promise<MysqlSession> {
    const driver = await loadMysql()
    const connection = await driver.createConnection(mysqlOptions(server, database))
    // Any error event on an idle connection (the server went away) must not crash the harness.
    connection.on('error', () => {})
    return new MysqlSession(connection, server)
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.connection.query(sql, params)
    return rows as T[]
  }

  async inspect(): Promise<MysqlInspection> {
    const [row] = await this.query<{ version: string; datadir: string }>('SELECT VERSION() AS version, @@datadir AS datadir')
    const variables = await this.query<{ Variable_name: string; Value: string }>(
      `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${MYSQL_SETTINGS.map(() => '?').join(', ')})`,
      MYSQL_SETTINGS,
    )
    const settings: Record<string, string> = {}
    for (const { Variable_name: name, Value: value } of variables) settings[name] = String(value)
    const version = String(row?.version ?? 'unknown')
    settings.server = /mariadb/i.test(version) ? 'MariaDB' : 'MySQL'
    return { version, settings, datadir: String(row?.datadir ?? '') }
  }

  /** null: no such table; '': a table dyno did not create; otherwise the dataset id it holds. */
  async tableMarker(table: string): Promise<string | null> {
    const rows = await this.query<{ comment: string | null }>(
      'SELECT TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [checkTableName(table)],
    )
    if (rows.length === 0) return null
    const comment = rows[0]?.comment ?? ''
    return comment.startsWith(TABLE_MARKER) ? comment.slice(TABLE_MARKER.length) : ''
  }

  async dropTable(table: string): Promise<void> {
    await this.query(`DROP TABLE IF EXISTS \`${checkTableName(table)}\``)
  }

  /**
   * Creates the table and loads the rows with LOAD DATA LOCAL INFILE from an in-memory
   * stream (~3× faster than multi-row INSERT in the notes). Servers that refuse local infile
   * (MySQL 8's default) get multi-row INSERTs of 2,000 rows instead.
   */
  async seedItems(dataset: ItemsDataset, table: string, signal?: AbortSignal): Promise<SeedReport> {
    const generator = new ItemsGenerator(dataset)
    const id = itemsDatasetId(dataset)
    const started = performance.now()
    const marker = await this.tableMarker(table)
    if (marker === '') throw tableNotOurs(table, this.server)
    await this.dropTable(table)
    await this.query(mysqlItemsDdl(table, `${TABLE_MARKER}${id}`))
    if (dataset.rows === 0) return seedReport(id, table, 0, started, 'empty table')
    try {
      await this.connection.query({
        sql: `LOAD DATA LOCAL INFILE 'items.tsv' INTO TABLE \`${table}\` CHARACTER SET utf8mb4
              FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${ITEM_COLUMNS.join(', ')})`,
        infileStreamFactory: () => Readable.from(tsvChunks(generator), { objectMode: false }),
      })
      return seedReport(id, table, dataset.rows, started, 'LOAD DATA LOCAL INFILE')
    } catch (error) {
      if (!isLocalInfileRefused(error)) throw error
    }
    let batch: (string | number | null)[][] = []
    const flush = async () => {
      signal?.throwIfAborted()
      await this.query(`INSERT INTO \`${table}\` (${ITEM_COLUMNS.join(', ')}) VALUES ?`, [batch])
      batch = []
    }
    for (const row of generator.rows()) {
      batch.push(rowValues(row))
      if (batch.length === CHUNK_ROWS) await flush()
    }
    if (batch.length > 0) await flush()
    return seedReport(id, table, dataset.rows, started, 'multi-row INSERT (the server refuses LOAD DATA LOCAL)')
  }

  async readItemsChecksum(table: string): Promise<ItemsChecksum> {
    const builder = new ItemsChecksumBuilder()
    // Keyset pages: a million rows as one result array would hold ~200 MB.
    let after: string | null = null
    for (;;) {
      const rows: Record<string, unknown>[] = await this.query(
        `SELECT ${ITEM_COLUMNS.join(', ')} FROM \`${checkTableName(table)}\` ${after === null ? '' : 'WHERE id > ?'} ORDER BY id LIMIT 10000`,
        after === null ? [] : [after],
      )
      for (const row of rows) {
        builder.add(canonicalItemFromRow(row))
      }
      if (rows.length < 10000) return builder.result()
      after = canonicalText(rows.at(-1)?.id)
    }
  }

  async close(): Promise<void> {
    try {
      await this.connection.end()
    } catch {
      this.connection.destroy()
    }
  }
}
