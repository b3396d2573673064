import Database from 'better-sqlite3'

/**
 * The connection settings of seed 002, set explicitly on every connection and read back.
 * Explicitly, because better-sqlite3's defaults are neither SQLite's nor the seed's: its
 * `timeout` option (the busy timeout) defaults to 5000 ms, and it is compiled with
 * SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a WAL connection whose synchronous is never set runs
 * at NORMAL while `PRAGMA synchronous` still reports FULL (notes/databases.md, S2).
 */
export interface ConnectionSettings {
  journalMode: 'DELETE' | 'WAL'
  synchronous: 'FULL' | 'NORMAL'
  busyTimeoutMs: number
  foreignKeys: boolean
}

/** The seed's "before": SQLite's stock rollback journal, a full fsync per commit, and no waiting for locks. */
export const SINGLE_CONNECTION_SETTINGS: ConnectionSettings = {
  journalMode: 'DELETE',
  synchronous: 'FULL',
  busyTimeoutMs: 0,
  foreignKeys: false,
}

/** The seed's "after": write-ahead log (readers never block the writer), NORMAL sync, wait up to 5 s for a lock. */
export const SPLIT_SETTINGS: ConnectionSettings = {
  journalMode: 'WAL',
  synchronous: 'NORMAL',
  busyTimeoutMs: 5000,
  foreignKeys: true,
}

export type ConnectionRole = 'read-write' | 'read-only'

export function openConnection(file: string, settings: ConnectionSettings, role: ConnectionRole): Database.Database {
  const db = new Database(file, { readonly: role === 'read-only', fileMustExist: true, timeout: settings.busyTimeoutMs })
  try {
    db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`)
    // The journal mode is a property of the file (WAL persists); a read-only connection can
    // neither set it nor needs to, it reads whatever the file says.
    if (role === 'read-write') {
      const mode = db.pragma(`journal_mode = ${settings.journalMode}`, { simple: true })
      if (String(mode).toUpperCase() !== settings.journalMode) {
        throw new Error(`SQLite kept journal_mode ${String(mode)} instead of ${settings.journalMode} for ${file}`)
      }
    }
    db.pragma(`synchronous = ${settings.synchronous}`)
    db.pragma(`foreign_keys = ${settings.foreignKeys ? 'ON' : 'OFF'}`)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
