import { existsSync } from 'node:fs'
import path from 'node:path'
import type { DatabaseProvider, StartedDatabase, StartOptions } from '../database-provider.js'
import { FirebirdDatabase, type FirebirdOwnership } from '../engines/firebird/firebird-database.js'
import { FirebirdSession } from '../engines/firebird/firebird-session.js'
import { MysqlDatabase } from '../engines/mysql/mysql-database.js'
import { MysqlSession } from '../engines/mysql/mysql-session.js'
import { DatabaseError, describeError } from '../errors/database-error.js'
import { externalLifecycle } from '../server-lifecycle.js'
import { parseDatabaseUrl, redactUrl, type ServerUrl } from '../url/database-url.js'

/**
 * A server you run, named by a URL (DYNO_MYSQL_URL, DYNO_FIREBIRD_URL, --mysql-url,
 * --firebird-url). dyno never touches what it did not create: if the database named in the
 * URL does not exist it creates it and drops it at the end (a Firebird file only on this
 * machine, where dyno can see that it is missing); if it exists, dyno only creates,
 * replaces and finally drops its own tables, and refuses to replace a table it did not
 * create (its tables carry a "dyno dataset" comment).
 */
export const DEFAULT_EXTERNAL_MYSQL_DATABASE = 'dyno'

/** gdscode isc_io_error: "I/O error for file …, Error while trying to open file". */
const ISC_IO_ERROR = 335544344

export class ExternalProvider implements DatabaseProvider {
  readonly kind = 'external' as const
  readonly engine: 'mysql' | 'firebird'
  private readonly server: ServerUrl

  /** `source` names where the URL came from, for messages (e.g. "DYNO_MYSQL_URL"). */
  constructor(
    readonly url: string,
    private readonly source = 'the URL you gave',
  ) {
    const parsed = parseDatabaseUrl(url)
    if (parsed.engine === 'sqlite') {
      throw new DatabaseError('external-sqlite', `${source} names an SQLite file; SQLite is always embedded`, {
        hint: 'give a mysql:// or firebird:// URL, or leave it out',
      })
    }
    this.server = parsed.engine === 'mysql' && parsed.database === '' ? { ...parsed, database: DEFAULT_EXTERNAL_MYSQL_DATABASE } : parsed
    this.engine = parsed.engine
  }

  private unreachable(cause: unknown): DatabaseError {
    const message = describeError(cause)
    const srpSalt = /Connection to Firebird server was lost/.test(message)
    return new DatabaseError(
      'external-unreachable',
      `cannot use the ${this.engine} server at ${redactUrl(this.url)} (from ${this.source}): ${message}`,
      {
        cause,
        hint: srpSalt
          ? "if firebird.log says 'unknown key Symmetric', the user's Srp salt starts with a zero digit, which node-firebird 2.17 cannot handle: set the same password again (ALTER USER … PASSWORD … USING PLUGIN Srp) to draw a new salt"
          : 'check that the server runs and that the URL (user, password, port, database) is right; `dyno doctor` shows what dyno sees',
      },
    )
  }

  async start(options: StartOptions = {}): Promise<StartedDatabase> {
    const description = `the external ${this.engine} server at ${this.server.host}:${this.server.port}`
    const database = this.engine === 'mysql' ? await this.startMysql(description) : await this.startFirebird(description)
    options.log?.(`${this.engine}: external ${database.version} at ${redactUrl(database.url)} (from ${this.source})`)
    return database
  }

  private async startMysql(description: string): Promise<StartedDatabase> {
    let admin: MysqlSession
    try {
      admin = await MysqlSession.connect(this.server, null)
    } catch (error) {
      throw this.unreachable(error)
    }
    let created = false
    try {
      const exists = await admin.query('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [this.server.database])
      if (exists.length === 0) {
        await admin.query(`CREATE DATABASE \`${this.server.database.replace(/`/g, '``')}\` CHARACTER SET utf8mb4`)
        created = true
      }
    } catch (error) {
      throw this.unreachable(error)
    } finally {
      await admin.close()
    }
    return MysqlDatabase.open(this.server, externalLifecycle(description), created ? 'database' : 'tables')
  }

  private async startFirebird(description: string): Promise<StartedDatabase> {
    let session: FirebirdSession
    let ownership: FirebirdOwnership = 'tables'
    try {
      session = await FirebirdSession.attach(this.server)
    } catch (error) {
      // node-firebird can only create with "overwrite", so dyno creates a database only where
      // it can see for itself that no file is there: on this machine.
      const onThisMachine = ['127.0.0.1', 'localhost', '::1'].includes(this.server.host) && path.isAbsolute(this.server.database)
      const missing = (error as { gdscode?: unknown }).gdscode === ISC_IO_ERROR && onThisMachine && !existsSync(this.server.database)
      if (!missing) throw this.unreachable(error)
      try {
        session = await FirebirdSession.create(this.server)
        ownership = 'database'
      } catch (createError) {
        throw this.unreachable(createError)
      }
    }
    try {
      return await FirebirdDatabase.open(this.server, session, externalLifecycle(description), { ownership })
    } catch (error) {
      await session.detach()
      throw this.unreachable(error)
    }
  }
}
