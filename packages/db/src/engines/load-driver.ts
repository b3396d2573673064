import { importOptional } from '@dyno/core'
import type BetterSqlite3 from 'better-sqlite3'
import type Firebird from 'node-firebird'

/**
 * The database drivers are optional peer dependencies of @dyno/db: a project installs only
 * the ones its scenarios use (better-sqlite3 even builds from source on some machines, notes
 * S3). Each is imported on first use; a missing one is a clear line with the install command
 * and exit 3, not ERR_MODULE_NOT_FOUND from deep inside a provider.
 */
export type MysqlPromise = typeof import('mysql2/promise')

export async function loadMysql(): Promise<MysqlPromise> {
  const module = await importOptional(() => import('mysql2/promise'), {
    packageName: 'mysql2',
    neededFor: 'a scenario that uses a MySQL or MariaDB database',
    range: '^3.24.6',
  })
  // mysql2/promise is CommonJS: its API is the default export when imported from ESM.
  return (module as { default?: MysqlPromise }).default ?? module
}

export async function loadFirebird(): Promise<typeof Firebird> {
  const module = await importOptional(() => import('node-firebird'), {
    packageName: 'node-firebird',
    neededFor: 'a scenario that uses a Firebird database',
    range: '^2.17.1',
  })
  return (module as { default?: typeof Firebird }).default ?? (module as unknown as typeof Firebird)
}

export type DatabaseConstructor = typeof BetterSqlite3

export async function loadBetterSqlite3(): Promise<DatabaseConstructor> {
  const module = await importOptional(() => import('better-sqlite3'), {
    packageName: 'better-sqlite3',
    neededFor: 'a scenario that uses SQLite (or the embedded stand-in)',
    range: '^12.11.1',
  })
  return module.default
}
