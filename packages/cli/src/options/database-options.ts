import type { DbMode, ServerEngine } from '@dyno/db'
import { type Command, InvalidArgumentError, Option } from 'commander'

/**
 * The database flags shared by `run`, `list`, `calibrate` and `doctor`: where servers come
 * from (--db) and URLs of your own servers, which win over DYNO_MYSQL_URL / DYNO_FIREBIRD_URL.
 * Nothing here loads @dyno/db: a project that benchmarks pure functions never installs it
 * (see database-support.ts); URLs are checked when the database support is loaded.
 */
export interface DatabaseFlags {
  db?: DbMode
  mysqlUrl?: string
  firebirdUrl?: string
}

/** @dyno/db's modes, repeated so the CLI can offer them without loading it; `satisfies` keeps the two in step. */
export const DB_MODE_CHOICES = ['auto', 'local', 'docker', 'external', 'embedded'] as const satisfies readonly DbMode[]

/** The environment variables naming your servers (the same names as @dyno/db's URL_VARIABLES). */
export const DATABASE_URL_VARIABLES = { mysql: 'DYNO_MYSQL_URL', firebird: 'DYNO_FIREBIRD_URL' } as const satisfies Record<
  ServerEngine,
  string
>

/**
 * A first check of a URL flag while the command line is parsed, so a typo fails before any
 * scenario is loaded; @dyno/db checks the rest (user, port, path) when it is loaded.
 */
function urlArgument(engine: ServerEngine) {
  const schemes = engine === 'mysql' ? ['mysql:', 'mariadb:'] : ['firebird:']
  return (value: string): string => {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw new InvalidArgumentError(
        `'${value}' is not a URL; write it like ${engine === 'mysql' ? 'mysql://root@127.0.0.1:3306/bench' : 'firebird://SYSDBA:masterkey@127.0.0.1:3050//data/bench.fdb'}`,
      )
    }
    if (!schemes.includes(url.protocol))
      throw new InvalidArgumentError(`unknown scheme '${url.protocol}' (expected ${schemes.join(' or ')})`)
    return value
  }
}

export function addDatabaseOptions(command: Command, withMode = true): Command {
  if (withMode) {
    command.addOption(
      new Option(
        '--db <mode>',
        'where database servers come from: auto (the default: URL, else local binaries, else docker, else the SQLite stand-in), local, docker, external, embedded',
      ).choices(DB_MODE_CHOICES),
    )
  }
  return command
    .option(
      '--mysql-url <url>',
      'your MySQL/MariaDB server, e.g. mysql://root:secret@127.0.0.1:3306/bench (default: $DYNO_MYSQL_URL)',
      urlArgument('mysql'),
    )
    .option(
      '--firebird-url <url>',
      'your Firebird server, e.g. firebird://SYSDBA:masterkey@127.0.0.1:3050//data/bench.fdb (default: $DYNO_FIREBIRD_URL)',
      urlArgument('firebird'),
    )
}

/** The `db` section of dyno.config, as validated. */
export interface ConfiguredDatabases {
  mode: DbMode | undefined
  mysqlUrl: string | undefined
  firebirdUrl: string | undefined
}

/**
 * Flags, then $DYNO_*_URL, then dyno.config's `db`, then the defaults. A URL from the config
 * is dropped when the environment names one, so the environment variable (read later by
 * DatabaseAvailability) wins over the config file, as everywhere else.
 */
export function withConfiguredDatabases(
  flags: DatabaseFlags,
  configured: ConfiguredDatabases | undefined,
  env: NodeJS.ProcessEnv,
): DatabaseFlags {
  const fromEnv = (engine: ServerEngine) => (env[DATABASE_URL_VARIABLES[engine]] ?? '') !== ''
  const mysqlUrl = flags.mysqlUrl ?? (fromEnv('mysql') ? undefined : configured?.mysqlUrl)
  const firebirdUrl = flags.firebirdUrl ?? (fromEnv('firebird') ? undefined : configured?.firebirdUrl)
  const db = flags.db ?? configured?.mode
  return {
    ...(db !== undefined ? { db } : {}),
    ...(mysqlUrl !== undefined ? { mysqlUrl } : {}),
    ...(firebirdUrl !== undefined ? { firebirdUrl } : {}),
  }
}
