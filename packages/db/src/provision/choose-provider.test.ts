import type { DatabaseRequirement } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import { DatabaseAvailability, type LocalServerStatus } from '../availability/database-availability.js'
import type { ContainerRuntimeStatus } from '../docker/container-runtime.js'
import { chooseProvider, type DbMode } from './choose-provider.js'

const found: LocalServerStatus = { status: 'found', detail: '/usr/sbin/mariadbd (MariaDB 10.11.19)', hint: null }
const missing: LocalServerStatus = {
  status: 'missing',
  detail: 'no mariadbd binary on PATH or in /usr/sbin',
  hint: 'apt-get install mariadb-server',
}
const noDocker: ContainerRuntimeStatus = { available: false, reason: 'no container runtime answers', hint: 'start Docker' }
const docker: ContainerRuntimeStatus = { available: true, detail: 'Docker at /var/run/docker.sock (4 CPUs)' }

function machine(options: { url?: string; local?: LocalServerStatus; docker?: ContainerRuntimeStatus; flag?: string }) {
  return new DatabaseAvailability({
    env: options.url === undefined ? {} : { DYNO_MYSQL_URL: options.url },
    urls: options.flag === undefined ? {} : { mysql: options.flag },
    known: { local: { mysql: options.local ?? missing, firebird: missing }, docker: options.docker ?? noDocker },
  })
}

const mysql: DatabaseRequirement = { kind: 'database', engine: 'mysql' }
const withStandIn: DatabaseRequirement = { ...mysql, embeddedFallback: 'sqlite' }
const choose = (mode: DbMode, availability: DatabaseAvailability, requirement = mysql) => chooseProvider(requirement, mode, availability)

describe('choosing a provider', () => {
  it('prefers, under auto, a URL you gave, then local binaries, then Docker, then the stand-in', async () => {
    expect(await choose('auto', machine({ url: 'mysql://h/db', local: found, docker }))).toMatchObject({
      kind: 'external',
      detail: 'your server from DYNO_MYSQL_URL',
    })
    expect(await choose('auto', machine({ local: found, docker }))).toMatchObject({
      kind: 'local',
      detail: expect.stringContaining('mariadbd'),
    })
    expect(await choose('auto', machine({ docker }))).toMatchObject({ kind: 'docker' })
    expect(await choose('auto', machine({}), withStandIn)).toMatchObject({
      kind: 'embedded',
      engine: 'sqlite',
      fallbackReason: expect.stringMatching(
        /no MySQL server is available: neither --mysql-url nor DYNO_MYSQL_URL is set, no mariadbd binary.*no container runtime answers/,
      ),
    })
  })

  it('lets a --mysql-url flag win over DYNO_MYSQL_URL', async () => {
    expect(await choose('auto', machine({ url: 'mysql://env/db', flag: 'mysql://flag/db' }))).toMatchObject({
      url: 'mysql://flag/db',
      detail: 'your server from --mysql-url',
    })
  })

  it('says what is missing and what to do under an explicit mode that cannot be served', async () => {
    expect(await choose('external', machine({ local: found }))).toMatchObject({
      status: 'unavailable',
      hint: expect.stringContaining('DYNO_MYSQL_URL='),
    })
    expect(await choose('local', machine({ docker }))).toMatchObject({ status: 'unavailable', hint: 'apt-get install mariadb-server' })
    expect(await choose('docker', machine({ local: found }))).toMatchObject({
      status: 'unavailable',
      reason: expect.stringContaining('no Docker'),
      hint: 'start Docker',
    })
    expect(await choose('embedded', machine({ local: found }))).toMatchObject({
      status: 'unavailable',
      reason: expect.stringContaining('no embedded stand-in for MySQL'),
    })
  })

  it('leaves a scenario without a stand-in unserved under auto when nothing is available', async () => {
    expect(await choose('auto', machine({}))).toMatchObject({ status: 'unavailable', hint: expect.stringContaining('dyno doctor') })
  })

  it('always serves an sqlite requirement from the embedded provider', async () => {
    for (const mode of ['auto', 'local', 'docker', 'external', 'embedded'] as const) {
      expect(await choose(mode, machine({}), { kind: 'database', engine: 'sqlite' })).toMatchObject({
        status: 'ok',
        kind: 'embedded',
        fallbackReason: null,
      })
    }
  })
})
