import type { DatabaseProvider, StartedDatabase, StartOptions } from '../database-provider.js'
import { FirebirdDatabase } from '../engines/firebird/firebird-database.js'
import { FirebirdSession } from '../engines/firebird/firebird-session.js'
import { MysqlDatabase } from '../engines/mysql/mysql-database.js'
import { MysqlSession } from '../engines/mysql/mysql-session.js'
import { DatabaseError, describeError } from '../errors/database-error.js'
import { saltIsUsable } from '../local/local-firebird-provider.js'
import { waitUntil } from '../process/wait-until.js'
import type { ServerLifecycle } from '../server-lifecycle.js'
import type { ServerUrl } from '../url/database-url.js'
import { detectContainerRuntime, loadTestcontainers } from './container-runtime.js'

/**
 * Throwaway servers in containers, through testcontainers (~11.14; 12.x breaks on Node 20).
 * Image tags are pinned, because a floating tag would change the server under the
 * benchmark between two runs. Containers are labelled by testcontainers and removed by its
 * reaper (Ryuk) if the harness dies, which is the docker counterpart of the local
 * provider's watchdog.
 *
 * MySQL 8 defaults to local_infile=OFF (notes, M7), so it is switched on, together with the
 * character set and the buffer pool size the local MariaDB uses.
 */
export const DOCKER_IMAGES = {
  mysql: 'mysql:8.4.3',
  firebird: 'firebirdsql/firebird:3.0.13',
} as const

export interface DockerProviderOptions {
  /** Another pinned image of the same engine. */
  image?: string
  startTimeoutMs?: number
}

const SYSDBA_PASSWORD = 'masterkey'

export class DockerProvider implements DatabaseProvider {
  readonly kind = 'docker' as const

  constructor(
    readonly engine: 'mysql' | 'firebird',
    private readonly options: DockerProviderOptions = {},
  ) {}

  get image(): string {
    return this.options.image ?? DOCKER_IMAGES[this.engine]
  }

  async start(startOptions: StartOptions = {}): Promise<StartedDatabase> {
    const runtime = await detectContainerRuntime()
    const testcontainers = await loadTestcontainers()
    if (!runtime.available || testcontainers === null) {
      const reason = runtime.available ? 'testcontainers could not be loaded' : runtime.reason
      throw new DatabaseError('docker-unavailable', `cannot start a ${this.engine} container: ${reason}`, {
        hint: runtime.available ? 'reinstall dependencies with npm ci' : runtime.hint,
      })
    }
    const started = performance.now()
    const timeoutMs = this.options.startTimeoutMs ?? 180_000
    const base = new testcontainers.GenericContainer(this.image).withStartupTimeout(timeoutMs)
    const request =
      this.engine === 'mysql'
        ? await base
            .withEnvironment({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes', MYSQL_ROOT_HOST: '%' })
            .withCommand([
              '--local-infile=1',
              '--character-set-server=utf8mb4',
              '--collation-server=utf8mb4_unicode_ci',
              '--innodb-buffer-pool-size=256M',
            ])
            .withExposedPorts(3306)
            // The entrypoint runs a temporary server (port: 0) before the real one.
            .withWaitStrategy(testcontainers.Wait.forLogMessage(/ready for connections.*port: 3306/))
        : await base
            .withEnvironment({
              FIREBIRD_ROOT_PASSWORD: SYSDBA_PASSWORD,
              FIREBIRD_DATABASE: 'dyno.fdb',
              FIREBIRD_DATABASE_PAGE_SIZE: '16384',
              FIREBIRD_DATABASE_DEFAULT_CHARSET: 'UTF8',
              FIREBIRD_CONF_WireCrypt: 'Enabled',
            })
            .withExposedPorts(3050)
    let container: Awaited<ReturnType<typeof request.start>>
    try {
      container = await request.start()
    } catch (error) {
      throw new DatabaseError('docker-start-failed', `the ${this.image} container did not start: ${describeError(error)}`, {
        cause: error,
        hint: 'check that the image can be pulled and that Docker has room to run it, or use --db local/external',
      })
    }
    try {
      const host = container.getHost() === 'localhost' ? '127.0.0.1' : container.getHost()
      const lifecycle: ServerLifecycle = {
        provider: 'docker',
        description: `the ${this.engine} container ${container.getId().slice(0, 12)} (${this.image})`,
        startSettings: { image: this.image },
        gone: () => null,
        stop: async () => {
          await container.stop()
        },
      }
      let database: StartedDatabase
      if (this.engine === 'mysql') {
        const server: ServerUrl = {
          engine: 'mysql',
          host,
          port: container.getMappedPort(3306),
          user: 'root',
          password: '',
          database: 'dyno',
          params: {},
        }
        const admin = await waitUntil(() => MysqlSession.connect(server, null), { timeoutMs: 60_000 })
        try {
          await admin.query('CREATE DATABASE IF NOT EXISTS dyno CHARACTER SET utf8mb4')
        } finally {
          await admin.close()
        }
        database = await MysqlDatabase.open(server, lifecycle, 'database')
      } else {
        const server: ServerUrl = {
          engine: 'firebird',
          host,
          port: container.getMappedPort(3050),
          user: 'SYSDBA',
          password: SYSDBA_PASSWORD,
          database: '/var/lib/firebird/data/dyno.fdb',
          params: {},
        }
        // As for local servers: readiness from the image's own isql (a node-firebird handshake
        // with a server that is still starting can crash the harness), then SYSDBA re-salted
        // until node-firebird can log in (see saltIsUsable in local-firebird-provider.ts).
        const isqlInContainer = async (sql: string, database: string) => {
          const result = await container.exec([
            'bash',
            '-c',
            `echo "${sql}" | isql -q -user SYSDBA -password ${SYSDBA_PASSWORD} localhost:${database}`,
          ])
          if (result.exitCode !== 0 || result.stderr.trim() !== '')
            throw new Error(result.stderr.trim() || `isql exited with ${result.exitCode}`)
          return result.stdout
        }
        await waitUntil(() => isqlInContainer('SELECT 1 FROM RDB\\$DATABASE;', server.database), { timeoutMs: 60_000, intervalMs: 250 })
        const saltQuery = "SET HEADING OFF; SELECT PLG\\$SALT FROM PLG\\$SRP WHERE PLG\\$USER_NAME = 'SYSDBA'; COMMIT;"
        for (let attempt = 0; !saltIsUsable(await isqlInContainer(saltQuery, 'security.db')); attempt++) {
          if (attempt === 20)
            throw new DatabaseError('firebird-salt', 'could not give SYSDBA an Srp salt that node-firebird accepts', {
              hint: 'this should not happen; report it',
            })
          await isqlInContainer(`ALTER USER SYSDBA PASSWORD '${SYSDBA_PASSWORD}' USING PLUGIN Srp; COMMIT;`, server.database)
        }
        const session = await FirebirdSession.attach(server)
        database = await FirebirdDatabase.open(server, session, lifecycle, { ownership: 'database' })
      }
      startOptions.log?.(`${this.engine}: docker ${this.image} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      return database
    } catch (error) {
      await container.stop().catch(() => {})
      throw error instanceof DatabaseError
        ? error
        : new DatabaseError('docker-start-failed', `the ${this.image} container did not become usable: ${describeError(error)}`, {
            cause: error,
            hint: 'check `docker logs` of the container, or use --db local/external',
          })
    }
  }
}
