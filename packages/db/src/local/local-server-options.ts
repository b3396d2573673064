import { DatabaseError } from '../errors/database-error.js'
import { freeLoopbackPort, isLoopbackPortFree, LOOPBACK } from '../process/loopback-port.js'

export interface LocalServerOptions {
  /** Parent of the server's temp directory (default: the OS temp dir). */
  baseDir?: string
  /** A fixed port on 127.0.0.1; by default a free one is picked (and another tried if it is taken meanwhile). */
  port?: number
  startTimeoutMs?: number
  /** Time between SIGTERM and SIGKILL when stopping. */
  stopGraceMs?: number
  /** Extra server options, e.g. ['--innodb-flush-log-at-trx-commit=2'] for MariaDB. */
  serverArgs?: readonly string[]
  env?: NodeJS.ProcessEnv
}

export const DEFAULT_START_TIMEOUT_MS = 30_000
/** Starting again on another port after a bind conflict; more than this means something else is wrong. */
export const PORT_ATTEMPTS = 3

export class PortTakenError extends DatabaseError {
  constructor(
    readonly port: number,
    readonly explicit: boolean,
    detail = 'another process listens there',
  ) {
    super('port-taken', `port ${port} on ${LOOPBACK} is already in use (${detail})`, {
      hint: explicit
        ? 'choose another port, or leave the port out and dyno picks a free one'
        : 'dyno tried other free ports as well; check what keeps binding them',
    })
    this.name = 'PortTakenError'
  }
}

/** The port to start on: the one asked for (if it is free) or a free one. */
export async function choosePort(explicit: number | undefined): Promise<number> {
  if (explicit === undefined) return freeLoopbackPort()
  if (!Number.isInteger(explicit) || explicit < 1 || explicit > 65535) {
    throw new DatabaseError('bad-port', `${explicit} is not a TCP port`, { hint: 'use a number from 1 to 65535, or leave the port out' })
  }
  if (!(await isLoopbackPortFree(explicit))) throw new PortTakenError(explicit, true)
  return explicit
}
