import { DynoError } from '@dyno/core'
import { DatabaseAvailability, DB_MODES, type DbMode, describeError, parseServerUrl, type ServerEngine, URL_VARIABLES } from '@dyno/db'
import { type Command, InvalidArgumentError, Option } from 'commander'

/**
 * The database flags shared by `run`, `list` and `doctor`: where servers come from (--db) and
 * URLs of your own servers, which win over DYNO_MYSQL_URL / DYNO_FIREBIRD_URL.
 */
export interface DatabaseFlags {
  db?: DbMode
  mysqlUrl?: string
  firebirdUrl?: string
}

function urlParser(engine: ServerEngine) {
  return (value: string): string => {
    try {
      parseServerUrl(value, engine)
      return value
    } catch (error) {
      throw new InvalidArgumentError(describeError(error))
    }
  }
}

export function addDatabaseOptions(command: Command, withMode = true): Command {
  if (withMode) {
    command.addOption(
      new Option(
        '--db <mode>',
        'where database servers come from: auto (URL, else local binaries, else docker, else the SQLite stand-in), local, docker, external, embedded',
      )
        .choices(DB_MODES)
        .default('auto'),
    )
  }
  return command
    .option(
      '--mysql-url <url>',
      'your MySQL/MariaDB server, e.g. mysql://root:secret@127.0.0.1:3306/bench (default: $DYNO_MYSQL_URL)',
      urlParser('mysql'),
    )
    .option(
      '--firebird-url <url>',
      'your Firebird server, e.g. firebird://SYSDBA:masterkey@127.0.0.1:3050//data/bench.fdb (default: $DYNO_FIREBIRD_URL)',
      urlParser('firebird'),
    )
}

/** Availability for this command, after checking that URLs from the environment are usable. */
export function databaseAvailability(flags: DatabaseFlags, env: NodeJS.ProcessEnv): DatabaseAvailability {
  for (const engine of ['mysql', 'firebird'] as const) {
    const value = env[URL_VARIABLES[engine]]
    if (value === undefined || value === '') continue
    try {
      parseServerUrl(value, engine)
    } catch (error) {
      throw new DynoError('bad-database-url', `$${URL_VARIABLES[engine]} is not usable: ${describeError(error)}`, {
        hint: `fix or unset ${URL_VARIABLES[engine]}`,
      })
    }
  }
  return new DatabaseAvailability({
    env,
    urls: {
      ...(flags.mysqlUrl !== undefined ? { mysql: flags.mysqlUrl } : {}),
      ...(flags.firebirdUrl !== undefined ? { firebird: flags.firebirdUrl } : {}),
    },
  })
}
