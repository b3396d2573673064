import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises'
import type { DatabaseProvider, StartedDatabase, StartOptions } from '../database-provider.js'
import { FirebirdDatabase, type FirebirdFileStore } from '../engines/firebird/firebird-database.js'
import { DEFAULT_PAGE_SIZE, FirebirdSession } from '../engines/firebird/firebird-session.js'
import { DatabaseError } from '../errors/database-error.js'
import { LOOPBACK } from '../process/loopback-port.js'
import { waitUntil } from '../process/wait-until.js'
import type { ServerLifecycle } from '../server-lifecycle.js'
import type { ServerUrl } from '../url/database-url.js'
import { type FirebirdInstallation, findFirebird } from './firebird-installation.js'
import { type FirebirdEnvironment, firebirdEnvironment, gfix, isql } from './firebird-tools.js'
import { choosePort, DEFAULT_START_TIMEOUT_MS, type LocalServerOptions, PORT_ATTEMPTS, PortTakenError } from './local-server-options.js'
import { notReady, serverDied, startFailed } from './server-failures.js'
import { ServerSandbox } from './server-sandbox.js'

/**
 * A throwaway Firebird 3 SuperServer (notes §2): /usr/sbin/firebird with its own
 * configuration root (FIREBIRD), lock directory, security database and SYSDBA password, on a
 * free loopback port. The server runs in the foreground, so the spawned pid is the server;
 * fbguard is not used. Its log cannot be moved in the Debian build (F3) and goes to
 * /var/log/firebird, so start failures are diagnosed from what the process printed and from
 * the port.
 *
 * firebird.conf follows the notes: Srp plus Legacy_Auth and WireCrypt = Enabled work with
 * node-firebird's default options; WireCrypt = Disabled would break them (N1).
 */
export interface LocalFirebirdOptions extends LocalServerOptions {
  /** Page size of the database (the notes measured with 16384; Firebird's own default is 8192). */
  pageSize?: number
  wireCrypt?: 'Enabled' | 'Required'
}

export const SYSDBA = { user: 'SYSDBA', password: 'masterkey' } as const
export const FIREBIRD_DATABASE_FILE = 'dyno.fdb'

function firebirdConf(port: number, securityDb: string, wireCrypt: string): string {
  return [
    `RemoteServicePort = ${port}`,
    `RemoteBindAddress = ${LOOPBACK}`,
    `SecurityDatabase = ${securityDb}`,
    'ServerMode = Super',
    'AuthServer = Srp, Legacy_Auth',
    'AuthClient = Srp, Legacy_Auth',
    'UserManager = Srp, Legacy_UserManager',
    `WireCrypt = ${wireCrypt}`,
    '',
  ].join('\n')
}

/**
 * Security database, SYSDBA and the (empty) scenario database in one embedded isql-fb run:
 * the security database the way Debian's postinst builds it, then SYSDBA for Srp and for
 * legacy logins (a fresh security database has no remote-login password, F5). The script
 * prints SYSDBA's Srp salt; see saltIsUsable().
 */
function initScript(install: FirebirdInstallation, securityDb: string, database: string, pageSize: number): string {
  const quote = (text: string) => text.replace(/'/g, "''")
  return [
    `CREATE DATABASE '${quote(securityDb)}';`,
    `INPUT '${quote(install.securitySql)}';`,
    'COMMIT;',
    `CREATE OR ALTER USER ${SYSDBA.user} PASSWORD '${SYSDBA.password}' USING PLUGIN Srp;`,
    `CREATE OR ALTER USER ${SYSDBA.user} PASSWORD '${SYSDBA.password}' USING PLUGIN Legacy_UserManager;`,
    'COMMIT;',
    SALT_QUERY,
    `CREATE DATABASE '${quote(database)}' USER '${SYSDBA.user}' PAGE_SIZE ${pageSize} DEFAULT CHARACTER SET UTF8;`,
    'COMMIT;',
    '',
  ].join('\n')
}

const SERVER_PID_QUERY = `SET HEADING OFF; SELECT 'pid=' || MON$SERVER_PID FROM MON$ATTACHMENTS WHERE MON$ATTACHMENT_ID = CURRENT_CONNECTION; COMMIT;\n`

/** isql prints the binary salt as hex on a line of its own. */
const SALT_QUERY = `SET HEADING OFF; SELECT PLG$SALT FROM PLG$SRP WHERE PLG$USER_NAME = '${SYSDBA.user}'; COMMIT;`

/**
 * node-firebird 2.17.1 cannot log in with Srp when the user's salt starts with a zero hex
 * digit (measured: 6 of 64 fresh security databases, every one of them with such a salt, and
 * none of the 58 that worked): the server then falls back to Legacy_Auth, which has no key
 * for wire encryption, and the client sees "Connection to Firebird server was lost" while
 * firebird.log says "unknown key Symmetric". About one server in sixteen would be unusable,
 * so the password is set again (which draws a new salt) until the salt is one it can use.
 */
export function saltIsUsable(isqlOutput: string): boolean {
  const salt = /^\s*([0-9A-Fa-f]{16,})\s*$/m.exec(isqlOutput)?.[1]
  return salt !== undefined && !salt.startsWith('0')
}

async function ensureUsableSalt(fb: FirebirdEnvironment, initOutput: string): Promise<void> {
  let output = initOutput
  for (let attempt = 0; !saltIsUsable(output); attempt++) {
    if (attempt === 20)
      throw new DatabaseError('firebird-salt', 'could not give SYSDBA an Srp salt that node-firebird accepts', {
        hint: 'this should not happen; report it',
      })
    output = await isql(
      fb,
      `CREATE OR ALTER USER ${SYSDBA.user} PASSWORD '${SYSDBA.password}' USING PLUGIN Srp;\nCOMMIT;\n${SALT_QUERY}\n`,
      ['-user', SYSDBA.user, 'security.db'],
    )
  }
}

class LocalFirebirdFiles implements FirebirdFileStore {
  constructor(
    private readonly fb: FirebirdEnvironment,
    private readonly remote: string,
    private readonly file: string,
    private readonly copy: string,
  ) {}

  private gfix(args: readonly string[]) {
    return gfix(this.fb, args, this.remote, SYSDBA)
  }

  async setForcedWrites(on: boolean): Promise<void> {
    await this.gfix(['-write', on ? 'sync' : 'async'])
  }

  /** A full shutdown detaches everyone and closes the file, so it can be copied consistently. */
  private async whileShutDown(work: () => Promise<void>): Promise<void> {
    await this.gfix(['-shut', 'full', '-force', '0'])
    try {
      await work()
    } finally {
      await this.gfix(['-online', 'normal'])
    }
  }

  save(): Promise<void> {
    return this.whileShutDown(() => copyFile(this.file, this.copy))
  }

  restore(): Promise<void> {
    return this.whileShutDown(() => copyFile(this.copy, this.file))
  }
}

export class LocalFirebirdProvider implements DatabaseProvider {
  readonly kind = 'local' as const
  readonly engine = 'firebird' as const

  constructor(private readonly options: LocalFirebirdOptions = {}) {}

  async start(startOptions: StartOptions = {}): Promise<StartedDatabase> {
    const env = this.options.env ?? process.env
    const found = findFirebird(env)
    if (found.status === 'missing')
      throw new DatabaseError('firebird-missing', `cannot start a local Firebird: ${found.reason}`, { hint: found.hint })
    const attempts = this.options.port === undefined ? PORT_ATTEMPTS : 1
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(found.installation, env, startOptions)
      } catch (error) {
        if (error instanceof PortTakenError && !error.explicit && attempt < attempts) continue
        throw error
      }
    }
  }

  private async startOnce(install: FirebirdInstallation, baseEnv: NodeJS.ProcessEnv, startOptions: StartOptions): Promise<StartedDatabase> {
    const started = performance.now()
    const sandbox = await ServerSandbox.create('dyno-firebird-', {
      ...(this.options.baseDir !== undefined ? { baseDir: this.options.baseDir } : {}),
      stopGraceMs: this.options.stopGraceMs ?? 5000,
    })
    try {
      const port = await choosePort(this.options.port)
      const dirs = { conf: sandbox.path('conf'), lock: sandbox.path('lock'), tmp: sandbox.path('tmp'), data: sandbox.path('data') }
      await Promise.all(Object.values(dirs).map((dir) => mkdir(dir)))
      const securityDb = sandbox.path('data', 'security3.fdb')
      const databaseFile = sandbox.path('data', FIREBIRD_DATABASE_FILE)
      const wireCrypt = this.options.wireCrypt ?? 'Enabled'
      await Promise.all([
        writeFile(sandbox.path('conf', 'firebird.conf'), firebirdConf(port, securityDb, wireCrypt)),
        // The alias lets embedded tools open the security database by name.
        writeFile(sandbox.path('conf', 'databases.conf'), `security.db = ${securityDb}\n`),
        copyFile(install.pluginsConf, sandbox.path('conf', 'plugins.conf')),
        // INTL modules load from $FIREBIRD/intl (F2).
        symlink(install.intl, sandbox.path('conf', 'intl')),
      ])
      const fb = firebirdEnvironment(install, dirs, baseEnv)
      const initOutput = await isql(fb, initScript(install, securityDb, databaseFile, this.options.pageSize ?? DEFAULT_PAGE_SIZE), [
        '-user',
        SYSDBA.user,
      ])
      await ensureUsableSalt(fb, initOutput)

      const label = `local Firebird ${install.version}`
      const server = sandbox.spawn(install.server, [], { label, env: fb.env, logFile: sandbox.path('server.log') })
      const address: ServerUrl = { engine: 'firebird', host: LOOPBACK, port, ...SYSDBA, database: databaseFile, params: {} }
      // Readiness is asked of isql-fb, the server's own client, in a child process: a
      // node-firebird handshake with a server that is still starting can throw inside the
      // driver's socket handler (seen once: "Cannot convert 0x 7A09… to a BigInt"), which no
      // caller can catch and which would take dyno down. The answer also proves identity: a
      // Firebird that cannot bind its port keeps running without listening, and whatever
      // answers there instead is not ours unless it reports our pid.
      const explicitPort = this.options.port !== undefined
      const remote = `${LOOPBACK}/${port}:${databaseFile}`
      let serverPid: number
      try {
        const output = await waitUntil(
          () => isql(fb, SERVER_PID_QUERY, ['-user', SYSDBA.user, '-password', SYSDBA.password, remote], 10_000),
          {
            timeoutMs: this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
            ...(startOptions.signal ? { signal: startOptions.signal } : {}),
            giveUpIf: () => (server.exit === null ? null : startFailed(server)),
          },
        )
        serverPid = Number(/pid=(\d+)/.exec(output)?.[1])
      } catch (error) {
        if (error instanceof DatabaseError || startOptions.signal?.aborted) throw error
        throw notReady(server, error)
      }
      if (serverPid !== server.pid) throw new PortTakenError(port, explicitPort, `a Firebird server with pid ${serverPid} answered`)
      const session = await FirebirdSession.attach(address)
      const lifecycle: ServerLifecycle = {
        provider: 'local',
        description: `the ${label} server (pid ${server.pid} on ${LOOPBACK}:${port})`,
        startSettings: { serverMode: 'Super', wireCryptConfig: wireCrypt, build: install.build },
        gone: () => (server.diedUnexpectedly ? serverDied(server, `${LOOPBACK}:${port}`) : null),
        stop: () => sandbox[Symbol.asyncDispose](),
      }
      const files = new LocalFirebirdFiles(fb, `${LOOPBACK}/${port}:${databaseFile}`, databaseFile, sandbox.path('data', 'saved.fdb'))
      let database: FirebirdDatabase
      try {
        database = await FirebirdDatabase.open(address, session, lifecycle, { ownership: 'database', files })
      } catch (error) {
        await session.detach()
        throw error
      }
      startOptions.log?.(
        `firebird: ${label} on ${LOOPBACK}:${port}, ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${sandbox.dir})`,
      )
      return database
    } catch (error) {
      await sandbox[Symbol.asyncDispose]()
      throw error
    }
  }
}
