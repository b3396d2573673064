/**
 * A worker thread owning one SQLite connection: it opens the connection with the settings it
 * was given, then runs the operations it receives one at a time and answers each.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import { type ConnectionRole, type ConnectionSettings, openConnection } from './connection-settings.js'
import { SqliteAccountRepository } from './sqlite-account-repository.js'
import type { SqliteWorkerMessage, SqliteWorkerRequest } from './sqlite-operation.js'

export interface SqliteWorkerData {
  file: string
  settings: ConnectionSettings
  role: ConnectionRole
}

const { file, settings, role } = workerData as SqliteWorkerData
const port = parentPort
if (port === null) throw new Error('sqlite-worker.ts must run in a worker thread')

let db: Database.Database | null = null
try {
  db = openConnection(file, settings, role)
  const repository = new SqliteAccountRepository(db)
  port.on('message', (request: SqliteWorkerRequest) => {
    if (request.type === 'close') {
      db?.close()
      port.close()
      return
    }
    const reply: SqliteWorkerMessage = { type: 'answer', sequence: request.sequence, answer: repository.run(request.operation) }
    port.postMessage(reply)
  })
  port.postMessage({ type: 'ready' } satisfies SqliteWorkerMessage)
} catch (error) {
  db?.close()
  port.postMessage({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) } satisfies SqliteWorkerMessage)
}
