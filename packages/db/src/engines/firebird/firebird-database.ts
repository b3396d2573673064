import type { DatabaseConnection, DatabaseFingerprint } from '@dyno/core'
import type { StartedDatabase } from '../../database-provider.js'
import type { ItemsChecksum } from '../../datasets/items-checksum.js'
import { type ItemsDataset, validateItemsDataset } from '../../datasets/items-dataset.js'
import { checkTableName } from '../../datasets/items-table.js'
import type { DatabaseError } from '../../errors/database-error.js'
import { withTimeout } from '../../process/wait-until.js'
import { goneSoon, type ServerLifecycle, stoppedAnswering } from '../../server-lifecycle.js'
import { formatServerUrl, type ServerUrl } from '../../url/database-url.js'
import { type SeedReport, seedReport } from '../seed-report.js'
import { FirebirdSession } from './firebird-session.js'

/**
 * Whole-file save and restore of a database, which only a server dyno runs itself can offer
 * (it needs the file and gfix). Restoring a copied file is much faster than generating the
 * rows again (a second or so per million rows against ~5–10 s), and it also undoes whatever
 * the rounds created.
 */
export interface FirebirdFileStore {
  /** Copies the database file aside (after seeding), with forced writes restored. */
  save(): Promise<void>
  /** Puts the saved copy back; every attachment is cut first. */
  restore(): Promise<void>
  /** Forced writes off while seeding (2–3× faster here), on again before anything is measured. */
  setForcedWrites(on: boolean): Promise<void>
}

/**
 * What dyno may remove from a Firebird server when it is done: the database file (one it
 * created) or only its tables (a database you gave it).
 */
export type FirebirdOwnership = 'database' | 'tables'

/** A Firebird database, from any provider. */
export class FirebirdDatabase implements StartedDatabase {
  readonly engine = 'firebird' as const
  private readonly seeded = new Map<string, ItemsDataset>()
  private session: FirebirdSession | null
  private disposed = false

  private constructor(
    private readonly server: ServerUrl,
    session: FirebirdSession,
    private readonly lifecycle: ServerLifecycle,
    private readonly ownership: FirebirdOwnership,
    private readonly files: FirebirdFileStore | null,
    readonly version: string,
    readonly settings: Readonly<Record<string, string>>,
  ) {
    this.session = session
  }

  static async open(
    server: ServerUrl,
    session: FirebirdSession,
    lifecycle: ServerLifecycle,
    options: { ownership: FirebirdOwnership; files?: FirebirdFileStore },
  ): Promise<FirebirdDatabase> {
    const inspection = await session.inspect()
    const database = new FirebirdDatabase(server, session, lifecycle, options.ownership, options.files ?? null, inspection.version, {
      ...inspection.settings,
      ...lifecycle.startSettings,
    })
    if (database.files !== null) {
      // The empty database is what reset() restores until something is seeded.
      await database.detach()
      await database.files.save()
    }
    return database
  }

  get provider() {
    return this.lifecycle.provider
  }

  get url(): string {
    return formatServerUrl(this.server)
  }

  private async attached(): Promise<FirebirdSession> {
    this.session ??= await FirebirdSession.attach(this.server)
    return this.session
  }

  private async detach(): Promise<void> {
    const session = this.session
    this.session = null
    await session?.detach()
  }

  async seed(dataset: ItemsDataset, options: { table?: string; signal?: AbortSignal } = {}): Promise<SeedReport> {
    validateItemsDataset(dataset)
    const table = checkTableName(options.table ?? 'items')
    const started = performance.now()
    if (this.files !== null) await this.files.setForcedWrites(false)
    let report: SeedReport
    try {
      report = await (await this.attached()).seedItems(dataset, table, options.signal)
      this.seeded.set(table, dataset)
    } finally {
      if (this.files !== null) {
        await this.detach()
        await this.files.setForcedWrites(true)
        await this.files.save()
      }
    }
    if (this.files === null) return report
    // The report covers what a caller waits for, including the copy kept for reset().
    return {
      ...seedReport(report.datasetId, table, report.rows, started, report.method),
      method: `${report.method}, then a file copy for reset()`,
    }
  }

  async checksum(table = 'items'): Promise<ItemsChecksum> {
    return (await this.attached()).readItemsChecksum(table)
  }

  async reset(): Promise<void> {
    const gone = this.lifecycle.gone()
    if (gone !== null) throw gone
    try {
      if (this.files !== null) {
        await this.detach()
        await this.files.restore()
        return
      }
      const session = await this.attached()
      for (const [table, dataset] of this.seeded) await session.seedItems(dataset, table)
    } catch (error) {
      throw (await goneSoon(this.lifecycle)) ?? error
    }
  }

  async problem(): Promise<DatabaseError | null> {
    const gone = this.lifecycle.gone()
    if (gone !== null) return gone
    try {
      await withTimeout(
        this.attached().then((s) => s.query('SELECT 1 FROM RDB$DATABASE')),
        5000,
        this.lifecycle.description,
      )
      return null
    } catch (error) {
      await this.detach()
      return stoppedAnswering(this.lifecycle, error)
    }
  }

  connection(): DatabaseConnection {
    return { engine: 'firebird', url: this.url, version: this.version, provider: this.provider, settings: { ...this.settings } }
  }

  fingerprint(): DatabaseFingerprint {
    return { engine: 'firebird', version: this.version, settings: { ...this.settings }, provider: this.provider }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    try {
      if (this.provider === 'external' && this.lifecycle.gone() === null) {
        const session = await this.attached()
        if (this.ownership === 'database') {
          await session.drop()
          this.session = null
        } else {
          for (const table of this.seeded.keys()) await session.dropTable(table)
        }
      }
    } finally {
      await this.detach()
      await this.lifecycle.stop()
    }
  }
}
