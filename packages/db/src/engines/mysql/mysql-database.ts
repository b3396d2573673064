import type { DatabaseConnection, DatabaseFingerprint } from '@dyno/core'
import type { StartedDatabase } from '../../database-provider.js'
import type { ItemsChecksum } from '../../datasets/items-checksum.js'
import { type ItemsDataset, validateItemsDataset } from '../../datasets/items-dataset.js'
import { checkTableName } from '../../datasets/items-table.js'
import type { DatabaseError } from '../../errors/database-error.js'
import { withTimeout } from '../../process/wait-until.js'
import { goneSoon, type ServerLifecycle, stoppedAnswering } from '../../server-lifecycle.js'
import { formatServerUrl, type ServerUrl } from '../../url/database-url.js'
import type { SeedReport } from '../seed-report.js'
import { MysqlSession } from './mysql-session.js'

/**
 * What dyno may remove from a MySQL server when it is done: the whole database (one it
 * created, or one on a throwaway server), or only the tables it seeded (a database you gave
 * it, which may hold your own tables).
 */
export type MysqlOwnership = 'database' | 'tables'

/** A MySQL or MariaDB database, from any provider. */
export class MysqlDatabase implements StartedDatabase {
  readonly engine = 'mysql' as const
  private readonly seeded = new Map<string, ItemsDataset>()
  private disposed = false

  private constructor(
    private readonly server: ServerUrl,
    private readonly session: MysqlSession,
    private readonly lifecycle: ServerLifecycle,
    private readonly ownership: MysqlOwnership,
    readonly version: string,
    readonly settings: Readonly<Record<string, string>>,
  ) {}

  /** Connects to `server.database`, which must exist, and reads version and settings. */
  static async open(server: ServerUrl, lifecycle: ServerLifecycle, ownership: MysqlOwnership): Promise<MysqlDatabase> {
    const session = await MysqlSession.connect(server)
    try {
      const inspection = await session.inspect()
      return new MysqlDatabase(server, session, lifecycle, ownership, inspection.version, {
        ...inspection.settings,
        ...lifecycle.startSettings,
      })
    } catch (error) {
      await session.close()
      throw error
    }
  }

  get provider() {
    return this.lifecycle.provider
  }

  get url(): string {
    return formatServerUrl(this.server)
  }

  async seed(dataset: ItemsDataset, options: { table?: string; signal?: AbortSignal } = {}): Promise<SeedReport> {
    validateItemsDataset(dataset)
    const table = checkTableName(options.table ?? 'items')
    const report = await this.session.seedItems(dataset, table, options.signal)
    this.seeded.set(table, dataset)
    return report
  }

  checksum(table = 'items'): Promise<ItemsChecksum> {
    return this.session.readItemsChecksum(table)
  }

  /**
   * A database dyno owns is dropped and created again, which also removes whatever the rounds
   * created; in a database you gave it only its own tables are rebuilt. Either way the seeded
   * tables are loaded again from the generator (LOAD DATA: ~3 s per million rows here).
   */
  async reset(): Promise<void> {
    const gone = this.lifecycle.gone()
    if (gone !== null) throw gone
    try {
      if (this.ownership === 'database') {
        const name = this.server.database.replace(/`/g, '``')
        // A connection still inside a transaction would block DROP DATABASE forever.
        await this.session.query('SET SESSION lock_wait_timeout = 20')
        await this.session.query(`DROP DATABASE IF EXISTS \`${name}\``)
        await this.session.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`)
        await this.session.query(`USE \`${name}\``)
      }
      for (const [table, dataset] of this.seeded) await this.session.seedItems(dataset, table)
    } catch (error) {
      throw (await goneSoon(this.lifecycle)) ?? error
    }
  }

  async problem(): Promise<DatabaseError | null> {
    const gone = this.lifecycle.gone()
    if (gone !== null) return gone
    try {
      await withTimeout(this.session.query('SELECT 1'), 5000, this.lifecycle.description)
      return null
    } catch (error) {
      return stoppedAnswering(this.lifecycle, error)
    }
  }

  connection(): DatabaseConnection {
    return { engine: 'mysql', url: this.url, version: this.version, provider: this.provider, settings: { ...this.settings } }
  }

  fingerprint(): DatabaseFingerprint {
    return { engine: 'mysql', version: this.version, settings: { ...this.settings }, provider: this.provider }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    try {
      if (this.provider === 'external' && this.lifecycle.gone() === null) {
        if (this.ownership === 'database')
          await this.session.query(`DROP DATABASE IF EXISTS \`${this.server.database.replace(/`/g, '``')}\``)
        else for (const table of this.seeded.keys()) await this.session.dropTable(table)
      }
    } finally {
      await this.session.close()
      await this.lifecycle.stop()
    }
  }
}
