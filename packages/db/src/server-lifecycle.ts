import { setTimeout as sleep } from 'node:timers/promises'
import type { ProviderKind } from './database-provider.js'
import { DatabaseError, describeError } from './errors/database-error.js'

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

/**
 * Why the server is gone, waiting a moment for it: a process that was killed fails the
 * current query before Node has seen its exit, and "killed by SIGKILL" with its log says
 * more than "connection refused".
 */
export async function goneSoon(lifecycle: ServerLifecycle, waitMs = 1000): Promise<DatabaseError | null> {
  for (let waited = 0; ; waited += 50) {
    const gone = lifecycle.gone()
    if (gone !== null || waited >= waitMs) return gone
    await sleep(50)
  }
}

/** The error for a server that stopped answering a query. */
export async function stoppedAnswering(lifecycle: ServerLifecycle, cause: unknown): Promise<DatabaseError> {
  return (
    (await goneSoon(lifecycle)) ??
    new DatabaseError('server-unreachable', `${lifecycle.description} stopped answering: ${describeError(cause)}`, {
      cause,
      hint: 'check that the server still runs; dyno stopped the scenario because its database is gone',
    })
  )
}
