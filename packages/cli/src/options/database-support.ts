import { DynoError, importOptional, type LoadedScenario } from '@dyno/core'
import type * as Db from '@dyno/db'
import { DATABASE_URL_VARIABLES, type DatabaseFlags } from './database-options.js'

/**
 * @dyno/db, loaded only when a command needs it: a selected scenario requires a database, a
 * database flag was given, or `dyno doctor` asks. It is an optional peer of @dyno/cli, so a
 * project without database scenarios never installs it (nor its native drivers).
 */
export interface DatabaseSupport {
  db: typeof Db
  availability: Db.DatabaseAvailability
  mode: Db.DbMode
}

export function needsDatabases(scenarios: readonly LoadedScenario[], flags: DatabaseFlags): boolean {
  const required = scenarios.some((s) => (s.scenario.requires ?? []).some((r) => r.kind === 'database'))
  return required || flags.db !== undefined || flags.mysqlUrl !== undefined || flags.firebirdUrl !== undefined
}

export async function loadDatabaseModule(neededFor: string): Promise<typeof Db> {
  return importOptional(() => import('@dyno/db'), { packageName: '@dyno/db', neededFor })
}

/** Availability of servers for this command, after checking every URL it was given. */
export async function loadDatabaseSupport(flags: DatabaseFlags, env: NodeJS.ProcessEnv, neededFor: string): Promise<DatabaseSupport> {
  const db = await loadDatabaseModule(neededFor)
  const check = (value: string | undefined, engine: Db.ServerEngine, source: string, hint: string) => {
    if (value === undefined || value === '') return
    try {
      db.parseServerUrl(value, engine)
    } catch (error) {
      throw new DynoError('bad-database-url', `${source} is not usable: ${db.describeError(error)}`, { hint })
    }
  }
  check(flags.mysqlUrl, 'mysql', '--mysql-url', 'write it like mysql://root:secret@127.0.0.1:3306/bench')
  check(flags.firebirdUrl, 'firebird', '--firebird-url', 'write it like firebird://SYSDBA:masterkey@127.0.0.1:3050//data/bench.fdb')
  for (const engine of ['mysql', 'firebird'] as const) {
    const variable = DATABASE_URL_VARIABLES[engine]
    check(env[variable], engine, `$${variable}`, `fix or unset ${variable}`)
  }
  const availability = new db.DatabaseAvailability({
    env,
    urls: {
      ...(flags.mysqlUrl !== undefined ? { mysql: flags.mysqlUrl } : {}),
      ...(flags.firebirdUrl !== undefined ? { firebird: flags.firebirdUrl } : {}),
    },
  })
  return { db, availability, mode: flags.db ?? 'auto' }
}

/**
 * For `list`, `run` and `calibrate`: the support when any selected scenario needs it, or why
 * it could not be loaded (then those scenarios are reported as not runnable, not crashed).
 */
export async function databaseSupportFor(
  scenarios: readonly LoadedScenario[],
  flags: DatabaseFlags,
  env: NodeJS.ProcessEnv,
): Promise<{ support: DatabaseSupport | null; missing: string | null }> {
  if (!needsDatabases(scenarios, flags)) return { support: null, missing: null }
  try {
    return { support: await loadDatabaseSupport(flags, env, 'a scenario that requires a database (or a --db option)'), missing: null }
  } catch (error) {
    if (error instanceof DynoError && error.code === 'optional-package-missing')
      return { support: null, missing: `${error.message}; ${error.hint ?? ''}` }
    throw error
  }
}
