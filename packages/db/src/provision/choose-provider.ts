import type { DatabaseRequirement } from '@dyno/core'
import { type DatabaseAvailability, URL_FLAGS, URL_VARIABLES } from '../availability/database-availability.js'
import type { ProviderKind } from '../database-provider.js'

/**
 * Which provider serves a database requirement under a `--db` mode.
 *
 * `auto` takes the first that works, in this order: a URL you gave (your server is what you
 * asked to measure), local binaries (fast, no network, no daemon), a container runtime, and
 * finally the scenario's embedded SQLite stand-in if it has one, which is then said in the
 * output and in the result. The explicit modes use one provider and say what is missing.
 */
export const DB_MODES = ['auto', 'local', 'docker', 'external', 'embedded'] as const
export type DbMode = (typeof DB_MODES)[number]

export type ProviderChoice =
  | {
      status: 'ok'
      kind: ProviderKind
      /** The engine actually provided: 'sqlite' when the stand-in replaces a server. */
      engine: 'mysql' | 'firebird' | 'sqlite'
      /** For people: "local MariaDB /usr/sbin/mariadbd …", "DYNO_MYSQL_URL", "embedded SQLite". */
      detail: string
      /** Set when the stand-in replaces the requested server: why no server was available. */
      fallbackReason: string | null
      url: string | null
    }
  | { status: 'unavailable'; reason: string; hint: string }

export function isDbMode(value: string): value is DbMode {
  return (DB_MODES as readonly string[]).includes(value)
}

const ENGINE_NAMES = { mysql: 'MySQL', firebird: 'Firebird' } as const

export async function chooseProvider(
  requirement: DatabaseRequirement,
  mode: DbMode,
  availability: DatabaseAvailability,
): Promise<ProviderChoice> {
  if (requirement.engine === 'sqlite') {
    return { status: 'ok', kind: 'embedded', engine: 'sqlite', detail: 'embedded SQLite', fallbackReason: null, url: null }
  }
  const engine = requirement.engine
  const name = ENGINE_NAMES[engine]
  const embedded = (reason: string): ProviderChoice =>
    requirement.embeddedFallback === 'sqlite'
      ? {
          status: 'ok',
          kind: 'embedded',
          engine: 'sqlite',
          detail: `embedded SQLite in place of ${name}`,
          fallbackReason: reason,
          url: null,
        }
      : {
          status: 'unavailable',
          reason: `${reason}, and this scenario has no embedded stand-in for ${name}`,
          hint: `give it a ${name} server: ${URL_VARIABLES[engine]}=… or ${URL_FLAGS[engine]} (see \`dyno doctor\`)`,
        }

  const external = availability.externalUrl(engine)
  const noUrl = `neither ${URL_FLAGS[engine]} nor ${URL_VARIABLES[engine]} is set`
  if (mode === 'external' || (mode === 'auto' && external !== null)) {
    if (external === null)
      return {
        status: 'unavailable',
        reason: noUrl,
        hint: `set ${URL_VARIABLES[engine]}=${engine}://user:password@host:port/… or pass ${URL_FLAGS[engine]}`,
      }
    return {
      status: 'ok',
      kind: 'external',
      engine,
      detail: `your server from ${external.source}`,
      fallbackReason: null,
      url: external.url,
    }
  }
  if (mode === 'embedded') return embedded(`--db embedded was asked for`)

  const local = availability.local(engine)
  if (mode === 'local' || (mode === 'auto' && local.status === 'found')) {
    if (local.status === 'missing') return { status: 'unavailable', reason: `no local ${name}: ${local.detail}`, hint: local.hint ?? '' }
    return { status: 'ok', kind: 'local', engine, detail: `local ${local.detail}`, fallbackReason: null, url: null }
  }

  const docker = await availability.docker()
  if (mode === 'docker' || docker.available) {
    if (!docker.available) return { status: 'unavailable', reason: `no Docker: ${docker.reason}`, hint: docker.hint }
    return { status: 'ok', kind: 'docker', engine, detail: `docker (${docker.detail})`, fallbackReason: null, url: null }
  }

  return embedded(`no ${name} server is available: ${noUrl}, ${local.detail}, and ${docker.reason}`)
}
