import type { AccountStore } from '../domain/account-store.js'
import { SINGLE_CONNECTION_SETTINGS, SPLIT_SETTINGS } from './connection-settings.js'
import { SqliteAccountStore } from './sqlite-account-store.js'
import { SqliteConnectionPool } from './sqlite-connection-pool.js'
import { ReadWriteSplitExecutor, SharedFileExecutor, type SqliteExecutor } from './sqlite-executor.js'
import { prepareDatabase } from './sqlite-schema.js'

export const DEFAULT_REQUEST_WORKERS = 4
export const DEFAULT_READERS = 4

/** Creates the file and schema if needed, then starts the worker threads of the chosen topology. */
export async function openSqliteStore(
  variant: 'sqlite-single' | 'sqlite-split',
  sqlite: { file: string; requestWorkers?: number; readers?: number },
  preload: { accounts: number; balanceCents: number } | undefined,
): Promise<AccountStore> {
  const settings = variant === 'sqlite-single' ? SINGLE_CONNECTION_SETTINGS : SPLIT_SETTINGS
  prepareDatabase(sqlite.file, settings, preload)
  let executor: SqliteExecutor
  if (variant === 'sqlite-single') {
    executor = new SharedFileExecutor(
      await SqliteConnectionPool.open(sqlite.file, settings, 'read-write', sqlite.requestWorkers ?? DEFAULT_REQUEST_WORKERS),
    )
  } else {
    const writer = await SqliteConnectionPool.open(sqlite.file, settings, 'read-write', 1)
    try {
      const readers = await SqliteConnectionPool.open(sqlite.file, settings, 'read-only', sqlite.readers ?? DEFAULT_READERS)
      executor = new ReadWriteSplitExecutor(writer, readers)
    } catch (error) {
      await writer.close()
      throw error
    }
  }
  return new SqliteAccountStore(executor)
}
