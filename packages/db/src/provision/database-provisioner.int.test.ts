import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type AnyScenario, defineScenario, micro, type Requirement, resolveScenario } from '@dyno/core'
import mysql from 'mysql2/promise'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DatabaseAvailability } from '../availability/database-availability.js'
import { mysqlOptions } from '../engines/mysql/mysql-session.js'
import { processesMentioning, serversForTests } from '../testing/integration-servers.js'
import { parseServerUrl } from '../url/database-url.js'
import { DatabaseProvisioner } from './database-provisioner.js'

const servers = serversForTests()

let baseDir: string
beforeEach(async () => {
  baseDir = await mkdtemp(path.join(os.tmpdir(), 'dyno-provision-test-'))
})
afterEach(async () => {
  await rm(baseDir, { recursive: true, force: true })
})

function scenarioNeeding(requires: Requirement[]) {
  return resolveScenario(
    defineScenario({
      id: 'test/needs-databases',
      description: 'needs databases',
      runner: micro(),
      requires,
      variants: { a: { baseline: true, prepare: () => () => 1 }, b: { prepare: () => () => 1 } },
    }) as AnyScenario,
  )
}

const context = (quick = false) => ({ quick, tempDir: baseDir })

describe.runIf(servers.mysql && servers.firebird)('the database provisioner with local servers', () => {
  it('starts and seeds what a scenario requires, resets each round what asks for it, and releases everything', async () => {
    const lines: string[] = []
    const provisioner = new DatabaseProvisioner({ mode: 'local', local: { baseDir, stopGraceMs: 2000 }, log: (line) => lines.push(line) })
    const scenario = scenarioNeeding([
      { kind: 'database', engine: 'firebird', name: 'source', dataset: { name: 'items', rows: 2000, seed: 9 }, reset: 'never' },
      { kind: 'database', engine: 'mysql', name: 'target', dataset: { name: 'items', rows: 0, table: 'items' } },
      { kind: 'database', engine: 'sqlite' },
    ])
    const resources = await provisioner.provision(scenario, context())
    try {
      expect(Object.keys(resources.databases)).toEqual(['source', 'target', 'sqlite'])
      expect(resources.databases.source).toMatchObject({
        engine: 'firebird',
        provider: 'local',
        url: expect.stringMatching(/^firebird:\/\/SYSDBA:masterkey@127\.0\.0\.1:\d+\/\//),
      })
      expect(resources.databases.target).toMatchObject({ engine: 'mysql', provider: 'local' })
      expect(resources.databases.sqlite).toMatchObject({ engine: 'sqlite', provider: 'embedded', url: expect.stringMatching(/^file:\/\//) })
      expect(resources.fingerprints.map((f) => `${f.engine}/${f.provider}`)).toEqual(['firebird/local', 'mysql/local', 'sqlite/embedded'])
      expect(resources.fingerprints[0]?.settings).toMatchObject({ pageSize: '16384', wireCryptConfig: 'Enabled', serverMode: 'Super' })
      expect(resources.dataset).toBe('items-v1-s9-n2000 + items-v1-s1-n0')
      expect(resources.warnings).toEqual([])
      expect(
        lines.some((line) =>
          /^firebird: seeded items-v1-s9-n2000 into items in [\d.]+ s \([\d,]+ rows\/s, server-side EXECUTE BLOCK/.test(line),
        ),
      ).toBe(true)

      // A round writes into the target; the reset before the next round empties it again.
      const target = await mysql.createConnection(mysqlOptions(parseServerUrl(resources.databases.target?.url as string, 'mysql')))
      try {
        await target.query("INSERT INTO items (id, customer_id, price, name, status, created_at) VALUES (1, 1, 1.00, 'x', 0, NOW())")
        await target.end()
        await resources.reset?.()
        const again = await mysql.createConnection(mysqlOptions(parseServerUrl(resources.databases.target?.url as string, 'mysql')))
        const [rows] = await again.query('SELECT COUNT(*) AS n FROM items')
        await again.end()
        expect(rows).toEqual([{ n: '0' }])
      } finally {
        target.destroy()
      }
      await resources.health?.()
    } finally {
      await resources[Symbol.asyncDispose]()
    }
    expect(await readdir(baseDir)).toEqual([])
    expect(processesMentioning(baseDir)).toEqual([])
  })

  it('seeds the quick size under --quick', async () => {
    const provisioner = new DatabaseProvisioner({ mode: 'local', local: { baseDir } })
    const resources = await provisioner.provision(
      scenarioNeeding([{ kind: 'database', engine: 'mysql', dataset: { name: 'items', rows: 1_000_000, quickRows: 300 } }]),
      context(true),
    )
    await resources[Symbol.asyncDispose]()
    expect(resources.dataset).toBe('items-v1-s1-n300')
  })

  it('releases what it already started when a later requirement cannot be served, and says what to do', async () => {
    const provisioner = new DatabaseProvisioner({
      mode: 'local',
      local: { baseDir },
      env: { ...process.env, DYNO_FIREBIRD_SERVER: '/nonexistent/firebird' },
    })
    await expect(
      provisioner.provision(
        scenarioNeeding([
          { kind: 'database', engine: 'mysql' },
          { kind: 'database', engine: 'firebird' },
        ]),
        context(),
      ),
    ).rejects.toThrow(
      /no firebird database for 'firebird' \(--db local\): no local Firebird: no Firebird server at \/nonexistent\/firebird\. Install it with `apt-get install firebird3.0-server/,
    )
    expect(await readdir(baseDir)).toEqual([])
    expect(processesMentioning(baseDir)).toEqual([])
  })
})

describe('the database provisioner without servers', () => {
  const nothing = new DatabaseAvailability({
    env: {},
    known: {
      local: { mysql: { status: 'missing', detail: 'no mariadbd binary', hint: 'apt-get install mariadb-server' } },
      docker: { available: false, reason: 'no container runtime answers', hint: 'start Docker' },
    },
  })

  it('runs a scenario that allows it on the SQLite stand-in, and says so in a warning and in the fingerprint', async () => {
    const provisioner = new DatabaseProvisioner({ availability: nothing, local: { baseDir } })
    const resources = await provisioner.provision(
      scenarioNeeding([{ kind: 'database', engine: 'mysql', embeddedFallback: 'sqlite', dataset: { name: 'items', rows: 100 } }]),
      context(),
    )
    try {
      expect(resources.databases.mysql).toMatchObject({ engine: 'sqlite', provider: 'embedded' })
      expect(resources.fingerprints).toEqual([expect.objectContaining({ engine: 'sqlite', provider: 'embedded' })])
      expect(resources.warnings).toEqual([
        expect.objectContaining({
          code: 'embedded-fallback',
          severity: 'warning',
          message: expect.stringContaining("'mysql' ran on the embedded SQLite stand-in, not on mysql"),
        }),
      ])
    } finally {
      await resources[Symbol.asyncDispose]()
    }
    expect(await readdir(baseDir)).toEqual([])
  })

  it('fails with the reason and the next step when Docker is asked for and none answers', async () => {
    const provisioner = new DatabaseProvisioner({ mode: 'docker', availability: nothing })
    await expect(provisioner.provision(scenarioNeeding([{ kind: 'database', engine: 'mysql' }]), context())).rejects.toThrow(
      "no mysql database for 'mysql' (--db docker): no Docker: no container runtime answers. Start Docker",
    )
  })

  it('leaves an optional database out with a note instead of failing', async () => {
    const provisioner = new DatabaseProvisioner({ mode: 'external', availability: nothing })
    const resources = await provisioner.provision(scenarioNeeding([{ kind: 'database', engine: 'mysql', optional: true }]), context())
    expect(resources.databases).toEqual({})
    expect(resources.warnings[0]?.message).toMatch(
      /optional mysql database 'mysql' was not provided: neither --mysql-url nor DYNO_MYSQL_URL is set/,
    )
    await resources[Symbol.asyncDispose]()
  })

  it('refuses a dataset it cannot generate before starting anything', async () => {
    const provisioner = new DatabaseProvisioner({ availability: nothing })
    await expect(
      provisioner.provision(scenarioNeeding([{ kind: 'database', engine: 'sqlite', dataset: { name: 'orders', rows: 10 } }]), context()),
    ).rejects.toThrow("database 'sqlite': dataset 'orders' is not one dyno can generate (known: items)")
  })
})
