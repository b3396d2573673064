import type { ProviderKind } from './database-provider.js'
import type { DatabaseError } from './errors/database-error.js'

/**
 * What a provider started and must stop: a local process, a container, or nothing (an
 * external server). The engine classes (MysqlDatabase, FirebirdDatabase, SqliteDatabase)
 * talk to the database; this is the part that differs between providers.
 */
export interface ServerLifecycle {
  readonly provider: ProviderKind
  /** For messages, e.g. "local MariaDB (pid 4711 on 127.0.0.1:40113)". */
  readonly description: string
  /** Settings fixed by how the server was started (e.g. Firebird's ServerMode), for the fingerprint. */
  readonly startSettings: Readonly<Record<string, string>>
  /** Why the server is known to be gone (it exited), or null. Cheap: no network round trip. */
  gone(): DatabaseError | null
  stop(): Promise<void>
}

/** The lifecycle of a server dyno did not start: nothing to stop, and only a query can tell it is gone. */
export function externalLifecycle(description: string): ServerLifecycle {
  return { provider: 'external', description, startSettings: {}, gone: () => null, stop: async () => {} }
}
