import { type DatabaseAvailability, type ServerEngine, URL_FLAGS, URL_VARIABLES } from '../availability/database-availability.js'
import { TESTCONTAINERS_RANGE } from '../docker/container-runtime.js'
import { FirebirdSession } from '../engines/firebird/firebird-session.js'
import { loadBetterSqlite3 } from '../engines/load-driver.js'
import { MysqlSession } from '../engines/mysql/mysql-session.js'
import { describeError } from '../errors/database-error.js'
import { withTimeout } from '../process/wait-until.js'
import { chooseProvider } from '../provision/choose-provider.js'
import { parseServerUrl, redactUrl } from '../url/database-url.js'

/**
 * `dyno doctor`: what this machine offers for databases and, for whatever is missing, the
 * exact next step. Read-only: it connects to URLs you gave but creates nothing.
 */
export interface DoctorCheck {
  /** E.g. 'MySQL URL', 'local MariaDB', 'Docker'. */
  what: string
  status: 'ok' | 'missing' | 'unset' | 'failed'
  detail: string
  /** What to do about it, when something can be done. */
  next: string | null
}

const NAMES: Record<ServerEngine, string> = { mysql: 'MySQL', firebird: 'Firebird' }

async function checkUrl(engine: ServerEngine, availability: DatabaseAvailability): Promise<DoctorCheck> {
  const what = `${NAMES[engine]} URL`
  const given = availability.externalUrl(engine)
  if (given === null) {
    return {
      what,
      status: 'unset',
      detail: `${URL_VARIABLES[engine]} is not set`,
      next: `to use your own server: export ${URL_VARIABLES[engine]}=${engine === 'mysql' ? 'mysql://root:secret@127.0.0.1:3306/dyno' : 'firebird://SYSDBA:masterkey@127.0.0.1:3050//var/lib/firebird/data/dyno.fdb'} (or pass ${URL_FLAGS[engine]})`,
    }
  }
  const shown = `${redactUrl(given.url)} (from ${given.source})`
  try {
    const server = parseServerUrl(given.url, engine)
    if (engine === 'mysql') {
      const session = await withTimeout(MysqlSession.connect(server, null), 10_000, 'the server')
      try {
        const { version } = await session.inspect()
        return { what, status: 'ok', detail: `${shown}: answers, ${version}`, next: null }
      } finally {
        await session.close()
      }
    }
    const session = await FirebirdSession.attach(server)
    try {
      const { version, settings } = await session.inspect()
      return {
        what,
        status: 'ok',
        detail: `${shown}: answers, Firebird ${version}, page size ${settings.pageSize}, wire encryption ${settings.wireEncrypted}`,
        next: null,
      }
    } finally {
      await session.detach()
    }
  } catch (error) {
    return {
      what,
      status: 'failed',
      detail: `${shown}: ${describeError(error).split('\n')[0]}`,
      next: `check that the server runs and the URL is right, or drop ${given.source} to let dyno start its own`,
    }
  }
}

async function checkSqlite(): Promise<DoctorCheck> {
  try {
    const Database = await loadBetterSqlite3()
    const db = new Database(':memory:')
    const version = String(db.prepare('SELECT sqlite_version()').pluck().get())
    db.close()
    return { what: 'embedded SQLite', status: 'ok', detail: `better-sqlite3 with SQLite ${version}`, next: null }
  } catch (error) {
    return {
      what: 'embedded SQLite',
      status: 'failed',
      detail: describeError(error).split('\n')[0] ?? 'better-sqlite3 does not load',
      next: 'npm rebuild better-sqlite3 (it compiles from source here: needs g++, make and python3, about a minute)',
    }
  }
}

export async function doctorChecks(availability: DatabaseAvailability): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = []
  for (const engine of ['mysql', 'firebird'] as const) checks.push(await checkUrl(engine, availability))
  for (const engine of ['mysql', 'firebird'] as const) {
    const local = availability.local(engine)
    checks.push({
      what: engine === 'mysql' ? 'local MariaDB' : 'local Firebird',
      status: local.status === 'found' ? 'ok' : 'missing',
      detail: local.detail,
      next: local.hint,
    })
  }
  const docker = await availability.docker()
  checks.push(
    docker.available
      ? { what: 'Docker', status: 'ok', detail: `${docker.detail}; testcontainers ${TESTCONTAINERS_RANGE}`, next: null }
      : { what: 'Docker', status: 'missing', detail: docker.reason, next: docker.hint },
  )
  checks.push(await checkSqlite())
  for (const engine of ['mysql', 'firebird'] as const) {
    const choice = await chooseProvider({ kind: 'database', engine }, 'auto', availability)
    checks.push(
      choice.status === 'ok'
        ? { what: `--db auto → ${engine}`, status: 'ok', detail: choice.detail, next: null }
        : { what: `--db auto → ${engine}`, status: 'missing', detail: choice.reason, next: choice.hint },
    )
  }
  return checks
}
