import type { DatabaseConnection } from '@dyno/core'
import { parseDatabaseUrl } from '@dyno/db'
import {
  FirebirdSource,
  FirebirdWorkerSource,
  type MysqlPoolSettings,
  MysqlTarget,
  SqliteSource,
  SqliteTarget,
  type SyncSource,
  type SyncTarget,
} from '@sut/sync-engine'

/**
 * Turns the databases dyno provisioned into the engine's source and target. With `--db
 * embedded` (or no server) both are SQLite files, and the run's database fingerprints say
 * so: dyno's comparisons treat a different engine as a blocking difference, so SQLite figures
 * are never held against Firebird→MySQL ones.
 */
/** `readOnWorker`: decode Firebird rows on a worker thread (SQLite reads stay in-thread). */
export async function openSource(connection: DatabaseConnection, options: { readOnWorker?: boolean } = {}): Promise<SyncSource> {
  const url = parseDatabaseUrl(connection.url)
  if (url.engine === 'sqlite') return new SqliteSource(url.file)
  if (url.engine !== 'firebird') throw new Error(`the sync source must be Firebird or SQLite, not ${url.engine}`)
  const server = {
    host: url.host,
    port: url.port,
    database: url.database,
    user: url.user,
    password: url.password,
    ...((url.params.wireCrypt ?? '').toLowerCase() === 'disabled' ? { wireCrypt: 'disabled' as const } : {}),
  }
  return options.readOnWorker === true ? FirebirdWorkerSource.connect(server) : FirebirdSource.connect(server)
}

/** The optimized variant's pool (seed 000: MaxOpenConns, MaxIdleConns, ConnMaxLifetime): one connection per worker and one spare. */
export function optimizedPool(workers: number): MysqlPoolSettings {
  return { maxOpen: workers + 1, maxIdle: workers + 1, idleTimeoutMs: 60_000, maxLifetimeMs: 30 * 60_000 }
}

/** Without `pool`, mysql2's default pool settings: the naive variant's. */
export async function openTarget(connection: DatabaseConnection, pool?: MysqlPoolSettings): Promise<SyncTarget> {
  const url = parseDatabaseUrl(connection.url)
  if (url.engine === 'sqlite') return new SqliteTarget(url.file, { synchronous: 'NORMAL' })
  if (url.engine !== 'mysql') throw new Error(`the sync target must be MySQL or SQLite, not ${url.engine}`)
  const options = { host: url.host, port: url.port, user: url.user, password: url.password, database: url.database }
  return pool === undefined ? MysqlTarget.connect(options) : MysqlTarget.connect(options, pool)
}

export function backendLabel(source: DatabaseConnection, target: DatabaseConnection): string {
  return `${source.engine}→${target.engine}`
}

/** A round's source and target, opened together and closed together. */
export interface SyncEndpoints {
  source: SyncSource
  target: SyncTarget
  close(): Promise<void>
}

/**
 * Opens both ends for one round. `pool` as for openTarget (omitted: the naive variant's
 * default pool); `readOnWorker` as for openSource. If the target cannot be opened, the source
 * is closed again, so a failed prepare leaks no connection into the next round.
 */
export async function openEndpoints(
  source: DatabaseConnection,
  target: DatabaseConnection,
  options: { pool?: MysqlPoolSettings; readOnWorker?: boolean } = {},
): Promise<SyncEndpoints> {
  const opened = await openSource(source, options.readOnWorker === undefined ? {} : { readOnWorker: options.readOnWorker })
  let targetOpened: SyncTarget
  try {
    targetOpened = await openTarget(target, options.pool)
  } catch (error) {
    await opened.close()
    throw error
  }
  return {
    source: opened,
    target: targetOpened,
    close: async () => {
      await opened.close()
      await targetOpened.close()
    },
  }
}
