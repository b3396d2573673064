import type Firebird from 'node-firebird'
import { canonicalItemFromRow, canonicalText, type ItemsChecksum, ItemsChecksumBuilder } from '../../datasets/items-checksum.js'
import { type ItemsDataset, itemsDatasetId, validateItemsDataset } from '../../datasets/items-dataset.js'
import { itemsFirebirdBlock } from '../../datasets/items-firebird-block.js'
import { checkTableName, firebirdItemsDdl, firebirdPrimaryKeyDdl, TABLE_MARKER, tableNotOurs } from '../../datasets/items-table.js'
import { withTimeout } from '../../process/wait-until.js'
import type { ServerUrl } from '../../url/database-url.js'
import { loadFirebird } from '../load-driver.js'
import { type SeedReport, seedReport } from '../seed-report.js'

/**
 * One node-firebird attachment used by the harness itself: readiness, settings, seeding,
 * checksums. Options follow the notes' pitfalls: UTF8 connection charset (else NONE),
 * numericMode 'string' (the default decodes BIGINT through a double and 9007199254740993
 * comes back as …992), and to switch wire encryption off both WIRE_CRYPT_DISABLE and the Srp
 * plugin (with DISABLE alone the Srp512 fallback fails with "Unavailable database").
 */
export const WIRE_CRYPT_DISABLE = 0
export const AUTH_PLUGIN_SRP = 'Srp'

export function firebirdOptions(server: ServerUrl): Firebird.Options {
  const options: Firebird.Options = {
    host: server.host,
    port: server.port,
    database: server.database,
    user: server.user,
    password: server.password,
    lowercase_keys: true,
    encoding: 'UTF8',
    numericMode: 'string',
  }
  if ((server.params.wireCrypt ?? '').toLowerCase() === 'disabled') {
    // node-firebird's WIRE_CRYPT_DISABLE and AUTH_PLUGIN_SRP, written out so these options
    // can be built without loading the driver (firebird-session.test.ts checks they agree).
    options.wireCrypt = WIRE_CRYPT_DISABLE
    options.pluginName = AUTH_PLUGIN_SRP
  }
  if (server.params.role !== undefined) options.role = server.params.role
  return options
}

/** Rows per EXECUTE BLOCK: one transaction each, so the undo log stays small and an abort is quick. */
const BLOCK_ROWS = 100_000
const ATTACH_TIMEOUT_MS = 10_000
/** The page size the notes measured with (Firebird 3's own default is 8192). */
export const DEFAULT_PAGE_SIZE = 16_384

export interface FirebirdInspection {
  version: string
  settings: Record<string, string>
  serverPid: number | null
}

export class FirebirdSession {
  private constructor(
    private readonly db: Firebird.Database,
    readonly server: ServerUrl,
  ) {}

  static async attach(server: ServerUrl): Promise<FirebirdSession> {
    // A peer that is not a Firebird server (a port taken by something else) may never answer.
    const db = await withTimeout(
      (await loadFirebird()).attachAsync(firebirdOptions(server)),
      ATTACH_TIMEOUT_MS,
      `the Firebird server at ${server.host}:${server.port}`,
    )
    return new FirebirdSession(db, server)
  }

  /**
   * Creates a new database and attaches to it. node-firebird creates with "overwrite", so
   * this is only ever called for a file dyno owns (a throwaway server's directory, or a path
   * that was just found not to exist); node-firebird's attachOrCreate would also create after
   * any failed attach (a locked or shut-down database) and is never used.
   */
  static async create(server: ServerUrl, options: { pageSize?: number } = {}): Promise<FirebirdSession> {
    const driverOptions = { ...firebirdOptions(server), pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE, defaultCharset: 'UTF8' }
    const db = await withTimeout(
      (await loadFirebird()).createAsync(driverOptions),
      ATTACH_TIMEOUT_MS,
      `the Firebird server at ${server.host}:${server.port}`,
    )
    return new FirebirdSession(db, server)
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.queryAsync<T>(sql, params)
  }

  async inspect(): Promise<FirebirdInspection> {
    const [row] = await this.query<Record<string, unknown>>(
      `SELECT rdb$get_context('SYSTEM', 'ENGINE_VERSION') AS engine_version,
              rdb$get_context('SYSTEM', 'WIRE_ENCRYPTED') AS wire_encrypted,
              rdb$get_context('SYSTEM', 'NETWORK_PROTOCOL') AS protocol,
              a.MON$SERVER_PID AS server_pid, a.MON$AUTH_METHOD AS auth_method,
              d.MON$PAGE_SIZE AS page_size, d.MON$FORCED_WRITES AS forced_writes, d.MON$PAGE_BUFFERS AS page_buffers,
              d.MON$ODS_MAJOR AS ods_major, d.MON$ODS_MINOR AS ods_minor, d.MON$SQL_DIALECT AS dialect,
              d.MON$SWEEP_INTERVAL AS sweep_interval, r.RDB$CHARACTER_SET_NAME AS charset
         FROM MON$ATTACHMENTS a CROSS JOIN MON$DATABASE d CROSS JOIN RDB$DATABASE r
        WHERE a.MON$ATTACHMENT_ID = CURRENT_CONNECTION`,
    )
    if (row === undefined) throw new Error('MON$ATTACHMENTS returned no row for this connection')
    const text = (key: string) => (canonicalText(row[key]) ?? '').trim()
    const pid = Number(text('server_pid'))
    return {
      version: text('engine_version'),
      serverPid: Number.isInteger(pid) && pid > 0 ? pid : null,
      settings: {
        pageSize: text('page_size'),
        forcedWrites: text('forced_writes') === '1' ? 'on' : 'off',
        pageBuffers: text('page_buffers'),
        ods: `${text('ods_major')}.${text('ods_minor')}`,
        sqlDialect: text('dialect'),
        sweepInterval: text('sweep_interval'),
        charset: text('charset'),
        wireEncrypted: text('wire_encrypted') === 'TRUE' ? 'yes' : 'no',
        authMethod: text('auth_method'),
        protocol: text('protocol'),
      },
    }
  }

  /** null: no such table; '': a table dyno did not create; otherwise the dataset id it holds. */
  async tableMarker(table: string): Promise<string | null> {
    const rows = await this.query<{ description: unknown }>(
      `SELECT CAST(RDB$DESCRIPTION AS VARCHAR(200)) AS description FROM RDB$RELATIONS WHERE RDB$RELATION_NAME = ?`,
      [checkTableName(table).toUpperCase()],
    )
    if (rows.length === 0) return null
    const description = canonicalText(rows[0]?.description) ?? ''
    return description.startsWith(TABLE_MARKER) ? description.slice(TABLE_MARKER.length) : ''
  }

  async dropTable(table: string): Promise<void> {
    if ((await this.tableMarker(table)) !== null) await this.query(`DROP TABLE ${checkTableName(table).toUpperCase()}`)
  }

  /**
   * Creates the table and fills it on the server, one EXECUTE BLOCK per 100k rows, then adds
   * the primary key (one sort instead of a B-tree insert per row).
   */
  async seedItems(dataset: ItemsDataset, table: string, signal?: AbortSignal): Promise<SeedReport> {
    validateItemsDataset(dataset)
    const id = itemsDatasetId(dataset)
    const name = checkTableName(table).toUpperCase()
    const started = performance.now()
    const marker = await this.tableMarker(table)
    if (marker === '') throw tableNotOurs(table, this.server)
    if (marker !== null) await this.query(`DROP TABLE ${name}`)
    await this.query(firebirdItemsDdl(table))
    for (let first = 1; first <= dataset.rows; first += BLOCK_ROWS) {
      signal?.throwIfAborted()
      await this.query(itemsFirebirdBlock(dataset, table, first, Math.min(dataset.rows, first + BLOCK_ROWS - 1)))
    }
    await this.query(firebirdPrimaryKeyDdl(table))
    await this.query(`COMMENT ON TABLE ${name} IS '${TABLE_MARKER}${id}'`)
    return seedReport(id, table, dataset.rows, started, 'server-side EXECUTE BLOCK')
  }

  async readItemsChecksum(table: string): Promise<ItemsChecksum> {
    const builder = new ItemsChecksumBuilder()
    await this.db.sequentiallyAsync(
      `SELECT CAST(ID AS VARCHAR(20)) AS id, CUSTOMER_ID, QTY, CAST(PRICE AS VARCHAR(20)) AS price,
              CAST(DISCOUNT AS VARCHAR(20)) AS discount, NAME, NOTE, STATUS,
              CAST(CREATED_AT AS VARCHAR(24)) AS created_at, CAST(UPDATED_AT AS VARCHAR(24)) AS updated_at
         FROM ${checkTableName(table).toUpperCase()}`,
      [],
      (row: Record<string, unknown>) => {
        builder.add(canonicalItemFromRow(row))
      },
    )
    return builder.result()
  }

  /** Deletes the database file (only for one dyno created) and ends the attachment. */
  async drop(): Promise<void> {
    await this.db.dropAsync()
  }

  async detach(): Promise<void> {
    try {
      await this.db.detachAsync()
    } catch {
      // the server may be gone already; nothing left to release on this side
    }
  }
}
