import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { DatabaseError } from '../errors/database-error.js'

/**
 * Connection URLs are how a database crosses process boundaries (they are plain strings in
 * `context.databases`) and how users point dyno at their own servers:
 *
 *   mysql://user:password@host:3306/database          (mariadb:// is accepted too)
 *   firebird://user:password@host:3050/alias
 *   firebird://user:password@host:3050//absolute/path/to/file.fdb
 *   file:///absolute/path/to/file.sqlite
 *
 * A Firebird database is whatever follows the first slash after host:port, so an absolute
 * file path gives the double slash. Query parameters are passed on as driver options
 * (`?wireCrypt=disabled` for Firebird).
 */
export interface ServerUrl {
  engine: 'mysql' | 'firebird'
  host: string
  port: number
  user: string
  password: string
  database: string
  params: Record<string, string>
}

export interface SqliteUrl {
  engine: 'sqlite'
  file: string
}

export type DatabaseUrl = ServerUrl | SqliteUrl

const DEFAULT_PORTS = { mysql: 3306, firebird: 3050 } as const
const DEFAULT_USERS = { mysql: 'root', firebird: 'SYSDBA' } as const

function invalid(url: string, why: string): DatabaseError {
  return new DatabaseError('bad-database-url', `'${redactUrl(url)}' is not a usable database URL: ${why}`, {
    hint: 'write it like mysql://root:secret@127.0.0.1:3306/bench or firebird://SYSDBA:masterkey@127.0.0.1:3050//var/lib/firebird/data/bench.fdb',
  })
}

export function parseDatabaseUrl(url: string): DatabaseUrl {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalid(url, 'it does not parse as a URL')
  }
  const scheme = parsed.protocol.slice(0, -1).toLowerCase()
  if (scheme === 'file' || scheme === 'sqlite') {
    const file = scheme === 'file' ? fileURLToPath(parsed) : decodeURIComponent(parsed.pathname)
    if (!path.isAbsolute(file)) throw invalid(url, 'the SQLite file path must be absolute')
    return { engine: 'sqlite', file }
  }
  const engine = scheme === 'mysql' || scheme === 'mariadb' ? 'mysql' : scheme === 'firebird' ? 'firebird' : null
  if (engine === null) throw invalid(url, `unknown scheme '${scheme}:' (use mysql:, firebird: or file:)`)
  if (parsed.hostname === '') throw invalid(url, 'the host is missing')
  const database = decodeURIComponent(parsed.pathname.slice(1))
  if (engine === 'firebird' && database === '') throw invalid(url, 'the database path or alias is missing')
  if (engine === 'mysql' && database.includes('/')) throw invalid(url, `'${database}' is not a MySQL database name`)
  const port = parsed.port === '' ? DEFAULT_PORTS[engine] : Number(parsed.port)
  return {
    engine,
    // WHATWG keeps the brackets of an IPv6 host; drivers want the bare address.
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: parsed.username === '' ? DEFAULT_USERS[engine] : decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
    params: Object.fromEntries(parsed.searchParams),
  }
}

export function parseServerUrl(url: string, engine: 'mysql' | 'firebird'): ServerUrl {
  const parsed = parseDatabaseUrl(url)
  if (parsed.engine !== engine) throw invalid(url, `it names a ${parsed.engine} database where a ${engine} one is needed`)
  return parsed
}

export function formatServerUrl(server: Omit<ServerUrl, 'params'> & { params?: Record<string, string> }): string {
  const auth = `${encodeURIComponent(server.user)}${server.password === '' ? '' : `:${encodeURIComponent(server.password)}`}@`
  const host = server.host.includes(':') ? `[${server.host}]` : server.host
  const database = server.database
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/')
  const query = new URLSearchParams(server.params ?? {}).toString()
  return `${server.engine}://${auth}${host}:${server.port}/${database}${query === '' ? '' : `?${query}`}`
}

export function formatSqliteUrl(file: string): string {
  return pathToFileURL(file).href
}

/** The URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@')
}
