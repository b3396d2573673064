import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { DatabaseConnection, DatabaseFingerprint } from '@dyno/core'
import type BetterSqlite3 from 'better-sqlite3'
import type { StartedDatabase } from '../../database-provider.js'
import { canonicalItemFromRow, type ItemsChecksum, ItemsChecksumBuilder } from '../../datasets/items-checksum.js'
import { type ItemsDataset, ItemsGenerator, itemsDatasetId } from '../../datasets/items-dataset.js'
import { checkTableName, ITEM_COLUMNS, sqliteItemsDdl } from '../../datasets/items-table.js'
import type { DatabaseError } from '../../errors/database-error.js'
import { formatSqliteUrl } from '../../url/database-url.js'
import { type DatabaseConstructor, loadBetterSqlite3 } from '../load-driver.js'
import { type SeedReport, seedReport } from '../seed-report.js'

/**
 * The embedded stand-in: an SQLite file in its own temp directory, used when a scenario that
 * allows it finds no server. Seeding runs in one transaction (~300k rows/s in the notes;
 * one commit per row would be fsync-bound). The journal mode is SQLite's default (DELETE);
 * `synchronous` is a per-connection setting, so the system under test sets its own, and
 * better-sqlite3's WAL default is not what it reports (notes, S2).
 *
 * reset() copies back the file saved after the last seed: the scenario's connections must
 * be closed by then, as for every database that is reset between rounds.
 */

/** Checksum of an ITEMS table in an open SQLite database (see datasets/items-checksum.ts). */
export function sqliteItemsChecksum(db: BetterSqlite3.Database, table: string): ItemsChecksum {
  const builder = new ItemsChecksumBuilder()
  const rows = db
    .prepare(`SELECT CAST(id AS TEXT) AS id, ${ITEM_COLUMNS.slice(1).join(', ')} FROM "${checkTableName(table)}"`)
    .iterate() as IterableIterator<Record<string, unknown>>
  for (const row of rows) {
    builder.add(canonicalItemFromRow(row))
  }
  return builder.result()
}

export class SqliteDatabase implements StartedDatabase {
  readonly engine = 'sqlite' as const
  readonly provider = 'embedded' as const
  private disposed = false

  private constructor(
    private readonly Database: DatabaseConstructor,
    private readonly dir: string,
    private readonly file: string,
    readonly version: string,
    readonly settings: Readonly<Record<string, string>>,
  ) {}

  static async create(options: { baseDir?: string } = {}): Promise<SqliteDatabase> {
    const Database = await loadBetterSqlite3()
    const dir = await mkdtemp(path.join(options.baseDir ?? os.tmpdir(), 'dyno-sqlite-'))
    const file = path.join(dir, 'dyno.sqlite')
    try {
      const db = new Database(file)
      try {
        const version = String(db.prepare('SELECT sqlite_version() AS v').pluck().get())
        const settings = {
          journalMode: String(db.pragma('journal_mode', { simple: true })),
          pageSize: String(db.pragma('page_size', { simple: true })),
        }
        const database = new SqliteDatabase(Database, dir, file, version, settings)
        db.close()
        await database.save()
        return database
      } finally {
        if (db.open) db.close()
      }
    } catch (error) {
      await rm(dir, { recursive: true, force: true })
      throw error
    }
  }

  get url(): string {
    return formatSqliteUrl(this.file)
  }

  private get savedCopy(): string {
    return path.join(this.dir, 'saved.sqlite')
  }

  private save(): Promise<void> {
    return copyFile(this.file, this.savedCopy)
  }

  private open<T>(work: (db: BetterSqlite3.Database) => T): T {
    const db = new this.Database(this.file)
    try {
      return work(db)
    } finally {
      db.close()
    }
  }

  async seed(dataset: ItemsDataset, options: { table?: string; signal?: AbortSignal } = {}): Promise<SeedReport> {
    const generator = new ItemsGenerator(dataset)
    const table = checkTableName(options.table ?? 'items')
    const started = performance.now()
    this.open((db) => {
      db.exec(`DROP TABLE IF EXISTS "${table}"`)
      db.exec(sqliteItemsDdl(table))
      const insert = db.prepare(`INSERT INTO "${table}" (${ITEM_COLUMNS.join(', ')}) VALUES (${ITEM_COLUMNS.map(() => '?').join(', ')})`)
      db.transaction(() => {
        for (const row of generator.rows()) {
          insert.run(row.id, row.customerId, row.qty, row.price, row.discount, row.name, row.note, row.status, row.createdAt, row.updatedAt)
        }
      })()
    })
    await this.save()
    return seedReport(itemsDatasetId(dataset), table, dataset.rows, started, 'one transaction, then a file copy for reset()')
  }

  async checksum(table = 'items'): Promise<ItemsChecksum> {
    return this.open((db) => sqliteItemsChecksum(db, table))
  }

  async reset(): Promise<void> {
    await Promise.all(['-wal', '-shm', '-journal'].map((suffix) => rm(`${this.file}${suffix}`, { force: true })))
    await copyFile(this.savedCopy, this.file)
  }

  async problem(): Promise<DatabaseError | null> {
    return null
  }

  connection(): DatabaseConnection {
    return { engine: 'sqlite', url: this.url, version: this.version, provider: this.provider, settings: { ...this.settings } }
  }

  fingerprint(): DatabaseFingerprint {
    return { engine: 'sqlite', version: this.version, settings: { ...this.settings }, provider: this.provider }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await rm(this.dir, { recursive: true, force: true })
  }
}
