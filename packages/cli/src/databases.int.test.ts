import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { ResultFile } from '@dyno/core'
import { detectContainerRuntime } from '@dyno/db'
import { processesMentioning, serversForTests } from '@dyno/db/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/**
 * `dyno run`, `list` and `doctor` with real database servers, through the built binary.
 * Every run gets its own TMPDIR, so the servers' directories land there and the test can
 * prove that nothing (no process, no directory) is left when dyno exits, however it exits.
 */
const BIN = fileURLToPath(new URL('../bin/dyno.js', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`../test-fixtures/${name}`, import.meta.url))
const servers = serversForTests()
const dockerRuntime = await detectContainerRuntime()

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

let tmp: string
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dyno-cli-db-'))
})
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true })
})

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TMPDIR: tmp, ...extra }
  for (const name of ['DYNO_MYSQL_URL', 'DYNO_FIREBIRD_URL'] as const) if (!(name in extra)) delete env[name]
  return env
}

function dyno(args: string[], extra: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, env: environment(extra), encoding: 'utf8', timeout: 180_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const quick = ['--quick', '--rounds', '6', '--seed', '1']

function onlyResult(): ResultFile {
  const runs = readdirSync(path.join(tmp, 'results'))
  expect(runs).toHaveLength(1)
  return JSON.parse(
    readFileSync(
      path.join(
        tmp,
        'results',
        runs[0] as string,
        'fixture',
        readdirSync(path.join(tmp, 'results', runs[0] as string, 'fixture'))[0] as string,
      ),
      'utf8',
    ),
  ) as ResultFile
}

/**
 * No process may mention the run's TMPDIR, and only dyno's results may remain in it (after
 * a hard exit also the scenario's own scratch directory, which core removes only on a
 * normal exit; the servers' directories must be gone either way).
 */
async function expectNothingLeft(options: { hardExit?: boolean } = {}): Promise<void> {
  for (let i = 0; i < 200 && processesMentioning(tmp).length > 0; i++) await sleep(100)
  expect(processesMentioning(tmp)).toEqual([])
  for (let i = 0; i < 100 && readdirSync(tmp).some((entry) => /^dyno-(mariadb|firebird|sqlite)-/.test(entry)); i++) await sleep(100)
  // results/ and reports/ are the run's outputs; anything else (a server dir, scratch) is a leak.
  const left = readdirSync(tmp).filter(
    (entry) => entry !== 'results' && entry !== 'reports' && !(options.hardExit === true && entry.startsWith('dyno-fixture-')),
  )
  expect(left).toEqual([])
}

describe.runIf(servers.mysql && servers.firebird)('dyno run with throwaway local servers', () => {
  it('starts, seeds and records both servers in the result, then leaves nothing running', async () => {
    const run = dyno(['run', ...quick, '--db', 'local', '--scenarios', fixture('databases.scenario.mjs')])
    expect(run.code, run.stderr + run.stdout).toBe(0)
    expect(run.stderr).toMatch(/mysql: local MariaDB [\d.]+ on 127\.0\.0\.1:\d+, ready in/)
    expect(run.stderr).toMatch(/firebird: seeded items-v1-s1-n500 into items in [\d.]+ s \([\d,]+ rows\/s, server-side EXECUTE BLOCK/)
    const result = onlyResult()
    expect(result.outcome).toBe('completed')
    expect(result.environment.dataset).toBe('items-v1-s1-n500')
    expect(result.environment.databases.map((d) => `${d.engine}/${d.provider}`)).toEqual(['mysql/local', 'firebird/local'])
    expect(result.environment.databases[0]?.settings).toMatchObject({
      innodb_flush_log_at_trx_commit: '1',
      innodb_buffer_pool_size: '268435456',
    })
    expect(result.environment.databases[1]?.settings).toMatchObject({ pageSize: '16384', wireCryptConfig: 'Enabled', serverMode: 'Super' })
    await expectNothingLeft()
  })

  it('exits 3 with the server error when a server dies mid-run, keeping the rounds it had, and leaves nothing running', async () => {
    const run = dyno(['run', ...quick, '--db', 'local', '--scenarios', fixture('databases.scenario.mjs')], { DYNO_FIXTURE_KILL: 'mysql' })
    expect(run.code, run.stderr + run.stdout).toBe(3)
    expect(run.stdout).toMatch(
      /the local MariaDB [\d.]+ server \(pid \d+ on 127\.0\.0\.1:\d+\) was killed by SIGKILL while the scenario used it/,
    )
    expect(run.stdout).not.toMatch(/^\s+at /m)
    const result = onlyResult()
    expect(result.session.stopReason).toBe('provisioning-failed')
    expect(result.session.measuredRounds).toBeGreaterThan(0)
    await expectNothingLeft()
  })

  it('leaves no server running when Ctrl-C is pressed twice in the middle of a run', async () => {
    const child = spawn(process.execPath, [BIN, 'run', ...quick, '--db', 'local', '--scenarios', fixture('databases.scenario.mjs')], {
      cwd: tmp,
      env: environment({ DYNO_FIXTURE_SLOW_MS: '300' }),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    let stderr = ''
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk)
        if (/round 1\/6/.test(stderr)) resolve()
      })
      child.once('exit', () => reject(new Error(`dyno ended before its first round: ${stderr}`)))
    })
    // The terminal sends Ctrl-C to the whole foreground process group.
    process.kill(-(child.pid as number), 'SIGINT')
    await sleep(100)
    process.kill(-(child.pid as number), 'SIGINT')
    expect(await exited).toBe(130)
    await expectNothingLeft({ hardExit: true })
  })

  it('lists how each database need would be met', () => {
    const list = dyno(['list', '--db', 'local', '--scenarios', fixture('databases.scenario.mjs'), '--json'])
    expect(list.code, list.stderr).toBe(0)
    const [row] = JSON.parse(list.stdout) as { needs: { need: string; met: boolean; detail: string }[] }[]
    expect(row?.needs).toEqual([
      { need: 'mysql database', optional: false, met: true, detail: expect.stringMatching(/^local .*mariadbd/) },
      { need: 'firebird database', optional: false, met: true, detail: expect.stringMatching(/^local .*firebird/) },
    ])
  })
})

describe('dyno run when a database cannot be had', () => {
  it('runs a scenario that allows it on the SQLite stand-in under --db embedded, and says so in the output and the result', () => {
    const run = dyno(['run', ...quick, '--db', 'embedded', '--threshold', '99%', '--scenarios', fixture('stand-in.scenario.mjs')])
    expect(run.code, run.stderr + run.stdout).toBe(0)
    expect(run.stdout).toMatch(
      /⚠ 'mysql' ran on the embedded SQLite stand-in, not on mysql: --db embedded was asked for\. These are not mysql figures/,
    )
    const result = onlyResult()
    expect(result.warnings.map((w) => w.code)).toContain('embedded-fallback')
    expect(result.environment.databases).toEqual([expect.objectContaining({ engine: 'sqlite', provider: 'embedded' })])
  })

  it.runIf(!dockerRuntime.available)('exits 3 under --db docker with no container runtime, saying what to do instead', () => {
    const run = dyno(['run', ...quick, '--db', 'docker', '--scenarios', fixture('databases.scenario.mjs')])
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(
      /skipped fixture\/databases: needs mysql database \(no Docker: no container runtime answers .*; start Docker/,
    )
  })

  it('exits 3 under --db external with no URL, naming the variable to set', () => {
    const run = dyno(['run', ...quick, '--db', 'external', '--scenarios', fixture('databases.scenario.mjs')])
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(
      /needs mysql database \(neither --mysql-url nor DYNO_MYSQL_URL is set; set DYNO_MYSQL_URL=mysql:\/\/user:password@host:port\/… or pass --mysql-url\)/,
    )
  })

  it('exits 3 when the server named by --mysql-url does not answer, showing the URL without its password', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as net.AddressInfo).port
    blocker.close()
    const run = dyno([
      'run',
      ...quick,
      '--mysql-url',
      `mysql://root:hunter2@127.0.0.1:${port}/x`,
      '--scenarios',
      fixture('stand-in.scenario.mjs'),
    ])
    expect(run.code).toBe(3)
    expect(run.stdout).toContain(`cannot use the mysql server at mysql://root:***@127.0.0.1:${port}/x (from --mysql-url)`)
    expect(run.stdout + run.stderr).not.toContain('hunter2')
    await expectNothingLeft()
  })

  it('exits 2 before starting anything when a scenario asks for a dataset dyno cannot generate', () => {
    const run = dyno(['run', '--scenarios', fixture('bad-dataset.scenario.mjs')])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/bad-dataset\.scenario\.mjs: dataset 'orders' is not one dyno can generate \(known: items\)/)
  })

  it('exits 2 on a database URL it cannot read, from a flag or from the environment', () => {
    const flag = dyno(['run', '--mysql-url', 'postgres://h/db'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain("unknown scheme 'postgres:'")
    const variable = dyno(['list', '--scenarios', fixture('stand-in.scenario.mjs')], { DYNO_FIREBIRD_URL: 'firebird://h:3050/' })
    expect(variable.code).toBe(2)
    expect(variable.stderr).toContain('$DYNO_FIREBIRD_URL is not usable')
  })
})

describe('dyno doctor', () => {
  it('lists what is available with a next step for what is missing, and exits 0 when nothing configured is broken', () => {
    const doctor = dyno(['doctor', '--json'])
    expect(doctor.code, doctor.stderr).toBe(0)
    const checks = JSON.parse(doctor.stdout) as { what: string; status: string; next: string | null }[]
    expect(checks.map((c) => c.what)).toEqual([
      'MySQL URL',
      'Firebird URL',
      'local MariaDB',
      'local Firebird',
      'Docker',
      'embedded SQLite',
      '--db auto → mysql',
      '--db auto → firebird',
    ])
    expect(checks.filter((c) => c.status !== 'ok').every((c) => c.next !== null)).toBe(true)
    const text = dyno(['doctor'])
    expect(text.stdout).toMatch(/^Next steps$/m)
  })

  it('exits 3 when a URL you gave does not answer', () => {
    const doctor = dyno(['doctor', '--firebird-url', 'firebird://SYSDBA:masterkey@127.0.0.1:1//x.fdb'])
    expect(doctor.code).toBe(3)
    expect(doctor.stdout).toMatch(
      /✗\s+Firebird URL\s+firebird:\/\/SYSDBA:\*\*\*@127\.0\.0\.1:1\/\/x\.fdb \(from --firebird-url\): .*ECONNREFUSED/,
    )
  })
})
