import { type ContainerRuntimeStatus, detectContainerRuntime } from '../docker/container-runtime.js'
import { findFirebird } from '../local/firebird-installation.js'
import { findMariadb, type Installation } from '../local/mariadb-installation.js'

/**
 * What this machine can offer for each server engine: a URL you gave, installed binaries,
 * a container runtime. Each answer is computed once and only when asked, so `dyno list` on a
 * machine with local binaries never loads testcontainers, and asking twice costs nothing.
 */
export type ServerEngine = 'mysql' | 'firebird'

export interface ExternalUrl {
  url: string
  /** Where it came from, for messages: '--mysql-url' or 'DYNO_MYSQL_URL'. */
  source: string
}

export interface LocalServerStatus {
  status: 'found' | 'missing'
  /** E.g. '/usr/sbin/mariadbd (10.11.19-MariaDB-0+deb12u1)', or why it is missing. */
  detail: string
  hint: string | null
}

export interface AvailabilityOptions {
  env?: NodeJS.ProcessEnv
  /** URLs from command-line flags; they win over the environment variables. */
  urls?: Partial<Record<ServerEngine, string>>
  /** Answers known in advance (tests; a caller that already asked), instead of probing. */
  known?: { local?: Partial<Record<ServerEngine, LocalServerStatus>>; docker?: ContainerRuntimeStatus }
}

export const URL_VARIABLES: Record<ServerEngine, string> = { mysql: 'DYNO_MYSQL_URL', firebird: 'DYNO_FIREBIRD_URL' }
export const URL_FLAGS: Record<ServerEngine, string> = { mysql: '--mysql-url', firebird: '--firebird-url' }

function describeInstallation<T>(found: Installation<T>, describe: (installation: T) => string): LocalServerStatus {
  return found.status === 'found'
    ? { status: 'found', detail: describe(found.installation), hint: null }
    : { status: 'missing', detail: found.reason, hint: found.hint }
}

export class DatabaseAvailability {
  readonly env: NodeJS.ProcessEnv
  private readonly urls: Partial<Record<ServerEngine, string>>
  private readonly localCache = new Map<ServerEngine, LocalServerStatus>()
  private dockerStatus: Promise<ContainerRuntimeStatus> | null = null

  constructor(options: AvailabilityOptions = {}) {
    this.env = options.env ?? process.env
    this.urls = options.urls ?? {}
    for (const [engine, status] of Object.entries(options.known?.local ?? {})) this.localCache.set(engine as ServerEngine, status)
    if (options.known?.docker !== undefined) this.dockerStatus = Promise.resolve(options.known.docker)
  }

  externalUrl(engine: ServerEngine): ExternalUrl | null {
    const flag = this.urls[engine]
    if (flag !== undefined && flag !== '') return { url: flag, source: URL_FLAGS[engine] }
    const variable = this.env[URL_VARIABLES[engine]]
    if (variable !== undefined && variable !== '') return { url: variable, source: URL_VARIABLES[engine] }
    return null
  }

  local(engine: ServerEngine): LocalServerStatus {
    let status = this.localCache.get(engine)
    if (status === undefined) {
      status =
        engine === 'mysql'
          ? describeInstallation(findMariadb(this.env), (i) => `${i.server} (MariaDB ${i.version})`)
          : describeInstallation(findFirebird(this.env), (i) => `${i.server} (Firebird ${i.build})`)
      this.localCache.set(engine, status)
    }
    return status
  }

  docker(): Promise<ContainerRuntimeStatus> {
    this.dockerStatus ??= detectContainerRuntime()
    return this.dockerStatus
  }
}
