import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readResultFile } from '@dyno/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The built `dyno` binary in a project that has its own dyno.config.ts: a CommonJS package
 * whose TypeScript config and scenario (with a helper module) are compiled to CommonJS on
 * load. The fixture is copied to a temporary directory, with node_modules linked to the
 * repository's so `@dyno/core` resolves as in an installed project.
 */
const BIN = fileURLToPath(new URL('../bin/dyno.js', import.meta.url))
const FIXTURE = fileURLToPath(new URL('../test-fixtures/commonjs-project/', import.meta.url))
const REPO_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url))

let project: string

function dyno(args: string[], cwd: string) {
  const { DYNO_RESULTS_DIR: _results, DYNO_REPORTS_DIR: _reports, ...env } = process.env
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const runs = () => readdirSync(path.join(project, 'out', 'results')).sort()

beforeAll(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'dyno-project-'))
  cpSync(FIXTURE, project, { recursive: true })
  symlinkSync(REPO_MODULES, path.join(project, 'node_modules'), 'dir')
})
afterAll(() => rmSync(project, { recursive: true, force: true }))

describe('a project with its own dyno.config.ts', () => {
  it('is found from a subdirectory: its scenarios run, results go where it says, no report when it says so', async () => {
    const out = dyno(['run', '--quick', '--rounds', '8', '--seed', '1'], path.join(project, 'bench'))
    expect(out.code === 0 || out.code === 1, out.stderr).toBe(true)
    const [runId] = runs()
    const result = await readResultFile(path.join(project, 'out', 'results', runId as string, 'cjs', 'sum.json'))
    expect(result.variants.map((v) => v.status)).toEqual(['completed', 'completed'])
    expect(result.scenario.metrics[0]).toMatchObject({ name: 'nsPerOp', gated: true, threshold: 0.15 })
    expect(result.scenario.budgets).toEqual([{ metric: 'nsPerOp', max: 1e9, reason: 'from the config' }])
    expect(existsSync(path.join(project, 'reports'))).toBe(false)
    expect(out.stdout.trimEnd().split('\n').at(-1)).toBe(`Results: ${path.join('..', 'out', 'results', runId as string)}`)
  })

  it('lets flags win over the config file', async () => {
    const out = dyno(['run', '--quick', '--rounds', '8', '--threshold', '30%', '--report', '--seed', '2'], project)
    expect(out.code === 0 || out.code === 1, out.stderr).toBe(true)
    const runId = runs().at(-1) as string
    const result = await readResultFile(path.join(project, 'out', 'results', runId, 'cjs', 'sum.json'))
    expect(result.scenario.metrics[0]?.threshold).toBe(0.3)
    expect(existsSync(path.join(project, 'reports', runId, 'index.html'))).toBe(true)
  })

  it('uses another config file with --config, and names the missing one', () => {
    const list = dyno(['list', '--config', 'dyno.config.ts', '--json'], project)
    expect(list.code, list.stderr).toBe(0)
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: 'cjs/sum', file: 'bench/sum.scenario.ts' })])
    const missing = dyno(['list', '--config', 'nope.config.ts'], project)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('dyno: config file not found: nope.config.ts')
  })

  it('publishes the runs of the project into <reportsDir>/site', () => {
    const out = dyno(['publish'], path.join(project, 'bench'))
    expect(out.code, out.stderr).toBe(0)
    const index = readFileSync(path.join(project, 'reports', 'site', 'index.html'), 'utf8')
    for (const runId of runs()) expect(index).toContain(runId)
    expect(existsSync(path.join(project, 'reports', 'site', 'scenarios', 'cjs--sum.html'))).toBe(true)
  })
})
