import { mkdir } from 'node:fs/promises'
import os from 'node:os'
import type { DatabaseProvider, StartedDatabase, StartOptions } from '../database-provider.js'
import { MysqlDatabase } from '../engines/mysql/mysql-database.js'
import { MysqlSession } from '../engines/mysql/mysql-session.js'
import { DatabaseError } from '../errors/database-error.js'
import { LOOPBACK } from '../process/loopback-port.js'
import { waitUntil } from '../process/wait-until.js'
import type { ServerLifecycle } from '../server-lifecycle.js'
import type { ServerUrl } from '../url/database-url.js'
import { choosePort, DEFAULT_START_TIMEOUT_MS, type LocalServerOptions, PORT_ATTEMPTS, PortTakenError } from './local-server-options.js'
import { findMariadb, type MariadbInstallation } from './mariadb-installation.js'
import { notReady, serverDied, startFailed } from './server-failures.js'
import { ServerSandbox } from './server-sandbox.js'

/**
 * A throwaway MariaDB server (notes §1, the fast path): `mariadbd` on an empty data directory
 * with --skip-grant-tables is ready in ~0.15 s, with no mariadb-install-db step. Any user and
 * password get in, which is fine on 127.0.0.1 for a server that lives for one scenario.
 *
 * --no-defaults keeps /etc/mysql/my.cnf out (M2), which also drops Debian's utf8mb4 default,
 * so the character set is given explicitly (M3); --user=root is needed when running as root
 * (M1). Everything the server writes stays in its directory: data, socket, pid file, log.
 */
export const MARIADB_DATABASE = 'dyno'

export class LocalMariadbProvider implements DatabaseProvider {
  readonly kind = 'local' as const
  readonly engine = 'mysql' as const

  constructor(private readonly options: LocalServerOptions = {}) {}

  async start(startOptions: StartOptions = {}): Promise<StartedDatabase> {
    const env = this.options.env ?? process.env
    const found = findMariadb(env)
    if (found.status === 'missing')
      throw new DatabaseError('mariadb-missing', `cannot start a local MariaDB: ${found.reason}`, { hint: found.hint })
    const attempts = this.options.port === undefined ? PORT_ATTEMPTS : 1
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(found.installation, startOptions)
      } catch (error) {
        if (error instanceof PortTakenError && !error.explicit && attempt < attempts) continue
        throw error
      }
    }
  }

  private async startOnce(install: MariadbInstallation, startOptions: StartOptions): Promise<StartedDatabase> {
    const started = performance.now()
    const sandbox = await ServerSandbox.create('dyno-mariadb-', {
      ...(this.options.baseDir !== undefined ? { baseDir: this.options.baseDir } : {}),
      stopGraceMs: this.options.stopGraceMs ?? 5000,
    })
    try {
      const port = await choosePort(this.options.port)
      await Promise.all([mkdir(sandbox.path('data')), mkdir(sandbox.path('tmp'))])
      const args = [
        '--no-defaults',
        ...(os.userInfo().uid === 0 ? ['--user=root'] : []),
        `--datadir=${sandbox.path('data')}`,
        `--tmpdir=${sandbox.path('tmp')}`,
        `--port=${port}`,
        `--bind-address=${LOOPBACK}`,
        `--socket=${sandbox.path('mysqld.sock')}`,
        `--pid-file=${sandbox.path('mysqld.pid')}`,
        `--log-error=${sandbox.path('server.log')}`,
        '--skip-name-resolve',
        '--skip-grant-tables',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--innodb-buffer-pool-size=256M',
        '--local-infile=1',
        ...(this.options.serverArgs ?? []),
      ]
      const label = `local MariaDB ${install.version.replace(/-.*$/, '')}`
      const server = sandbox.spawn(install.server, args, { label, logFile: sandbox.path('server.log') })
      const address: ServerUrl = {
        engine: 'mysql',
        host: LOOPBACK,
        port,
        user: 'root',
        password: '',
        database: MARIADB_DATABASE,
        params: {},
      }
      const inUse = () => /Address already in use/.test(server.logTail(20))
      const explicitPort = this.options.port !== undefined
      let admin: MysqlSession
      try {
        admin = await waitUntil(() => MysqlSession.connect(address, null), {
          timeoutMs: this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
          ...(startOptions.signal ? { signal: startOptions.signal } : {}),
          giveUpIf: () => (server.exit === null ? null : inUse() ? new PortTakenError(port, explicitPort) : startFailed(server)),
        })
      } catch (error) {
        if (error instanceof DatabaseError || startOptions.signal?.aborted) throw error
        throw notReady(server, error)
      }
      try {
        // Readiness proved a server answers on the port; this proves it is ours.
        const { datadir } = await admin.inspect()
        if (!datadir.startsWith(sandbox.path('data')))
          throw new PortTakenError(port, this.options.port !== undefined, `a MariaDB with data directory ${datadir} answered`)
        await admin.query(`CREATE DATABASE ${MARIADB_DATABASE} CHARACTER SET utf8mb4`)
      } finally {
        await admin.close()
      }
      const lifecycle: ServerLifecycle = {
        provider: 'local',
        description: `the ${label} server (pid ${server.pid} on ${LOOPBACK}:${port})`,
        startSettings: {},
        gone: () => (server.diedUnexpectedly ? serverDied(server, `${LOOPBACK}:${port}`) : null),
        stop: () => sandbox[Symbol.asyncDispose](),
      }
      const database = await MysqlDatabase.open(address, lifecycle, 'database')
      startOptions.log?.(
        `mysql: ${label} on ${LOOPBACK}:${port}, ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${sandbox.dir})`,
      )
      return database
    } catch (error) {
      await sandbox[Symbol.asyncDispose]()
      throw error
    }
  }
}
