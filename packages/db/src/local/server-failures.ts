import { DatabaseError } from '../errors/database-error.js'
import type { ServerProcess } from '../process/server-process.js'

function logLines(server: ServerProcess): string[] {
  const tail = server.logTail(5)
  return tail === '' ? [] : [`last lines of ${server.logFile}:`, ...tail.split('\n').map((line) => `  ${line}`)]
}

/** The server exited before it became ready. */
export function startFailed(server: ServerProcess): DatabaseError {
  return new DatabaseError('server-start-failed', `the ${server.label} server ${server.describeExit()} before it accepted connections`, {
    details: logLines(server),
    hint: 'the lines below are from its log; nothing was left running',
  })
}

/** The server was ready once and exited without being asked to. */
export function serverDied(server: ServerProcess, where: string): DatabaseError {
  return new DatabaseError(
    'server-died',
    `the ${server.label} server (pid ${server.pid} on ${where}) ${server.describeExit()} while the scenario used it`,
    {
      details: logLines(server),
      hint: 'something killed it: the OOM killer (see `dmesg`), a person, a CI timeout. dyno stopped the scenario and left nothing running',
    },
  )
}

/** The server runs but never answered a real query within the start timeout. */
export function notReady(server: ServerProcess, lastError: unknown): DatabaseError {
  const why = lastError instanceof Error ? lastError.message : String(lastError)
  return new DatabaseError('server-not-ready', `the ${server.label} server (pid ${server.pid}) did not answer a query: ${why}`, {
    details: logLines(server),
    hint: 'on a busy machine, give it more time (startTimeoutMs). The lines below are from its log; nothing was left running',
  })
}
