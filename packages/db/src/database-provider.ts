import type { DatabaseConnection, DatabaseEngine, DatabaseFingerprint } from '@dyno/core'
import type { ItemsChecksum } from './datasets/items-checksum.js'
import type { ItemsDataset } from './datasets/items-dataset.js'
import type { SeedReport } from './engines/seed-report.js'
import type { DatabaseError } from './errors/database-error.js'

/**
 * Where a database comes from:
 *   local     a throwaway server started from installed binaries, in its own temp directory
 *   docker    a throwaway container started through testcontainers
 *   external  a server you run, named by a URL
 *   embedded  an SQLite file, the stand-in for scenarios that allow one
 */
export type ProviderKind = 'local' | 'docker' | 'external' | 'embedded'

export interface StartOptions {
  signal?: AbortSignal
  /** Progress lines for people ("started MariaDB 10.11 on 127.0.0.1:40113 in 0.2 s"). */
  log?: (line: string) => void
}

export interface DatabaseProvider {
  readonly kind: ProviderKind
  readonly engine: DatabaseEngine
  start(options?: StartOptions): Promise<StartedDatabase>
}

/**
 * A database ready for a scenario. Disposing it stops what the provider started (the server,
 * the container) or removes what dyno created (tables, a database it made on your server),
 * and nothing else.
 */
export interface StartedDatabase extends AsyncDisposable {
  readonly engine: DatabaseEngine
  readonly provider: ProviderKind
  /** Connection URL with credentials (see url/database-url.ts). */
  readonly url: string
  readonly version: string
  /** Settings that move the numbers (innodb_flush_log_at_trx_commit, page size, WireCrypt…). */
  readonly settings: Readonly<Record<string, string>>
  /** Creates `table` (default 'items') filled with the dataset's rows, replacing an earlier dyno table. */
  seed(dataset: ItemsDataset, options?: { table?: string; signal?: AbortSignal }): Promise<SeedReport>
  /** Checksum of the ITEMS rows in `table`, comparable across engines (see datasets/items-checksum.ts). */
  checksum(table?: string): Promise<ItemsChecksum>
  /**
   * Puts the database back into the state it had after the last seed(): seeded tables hold
   * exactly their rows again. Connections the scenario holds may be cut; open them per round.
   */
  reset(): Promise<void>
  /** Null while the server is usable; otherwise why not (it died, it stopped answering). */
  problem(): Promise<DatabaseError | null>
  /** Plain data for ScenarioContext.databases (crosses into child processes). */
  connection(): DatabaseConnection
  fingerprint(): DatabaseFingerprint
}
