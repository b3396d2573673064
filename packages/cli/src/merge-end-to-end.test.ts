import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Comparison, compareWithinRun, readResultFile, shardOf } from '@dyno/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * `dyno run --shard` and `dyno merge`, end to end with the built binary: two fixture
 * scenarios split over two shards, merged back, compared with an unsharded run, and every
 * way shards can fail to belong together refused with exit 2.
 */
const BIN = fileURLToPath(new URL('../bin/dyno.js', import.meta.url))
const FIXTURES = fileURLToPath(new URL('../test-fixtures/', import.meta.url))
const scenarios = ['--scenarios', path.join(FIXTURES, 'spin.scenario.mjs'), '--scenarios', path.join(FIXTURES, 'slower-after.scenario.mjs')]
const fixed = ['--quick', '--rounds', '12', '--seed', '5', '--no-report']

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

let cwd: string

function dyno(args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 180_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** The one run directory under a results root. */
function runIn(root: string): string {
  const runs = readdirSync(path.join(cwd, root))
  expect(runs).toHaveLength(1)
  return path.join(cwd, root, runs[0] as string)
}

function resultFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json') && f !== 'run.meta.json')
    .map((f) => path.join(dir, f))
}

const key = (c: Comparison) => `${c.scenarioId} ${c.head.variant} vs ${c.base.variant} ${c.metric.name}`

let shard1: string
let shard2: string

beforeAll(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'dyno-merge-'))
  for (const i of [1, 2]) {
    const out = dyno(['run', ...fixed, ...scenarios, '--shard', `${i}/2`, '--out', `shard-${i}`])
    expect(out.code === 0 || out.code === 1, out.stderr).toBe(true)
  }
  shard1 = runIn('shard-1')
  shard2 = runIn('shard-2')
}, 300_000)

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true })
})

describe('dyno run --shard and dyno merge', () => {
  it('gives each shard the scenarios whose id hashes to it, and records the whole selection', () => {
    const ids = ['fixture/spin', 'fixture/slower-after']
    for (const [i, dir] of [shard1, shard2].entries()) {
      const meta = JSON.parse(readFileSync(path.join(dir, 'run.meta.json'), 'utf8')) as { shard: unknown; selected: string[] }
      expect(meta.shard).toEqual({ index: i + 1, count: 2 })
      expect([...meta.selected].sort()).toEqual([...ids].sort())
      const measured = resultFiles(dir).map((f) => `fixture/${path.basename(f, '.json')}`)
      expect(measured.sort()).toEqual(ids.filter((id) => shardOf(id, 2) === i + 1).sort())
    }
  })

  it('merges the shards into the verdicts of one run: Holm across the merged suite, not per shard', async () => {
    const out = dyno(['merge', shard1, shard2, '--out', 'merged', '--format', 'json', '--no-report'])
    expect(out.code === 0 || out.code === 1, out.stderr).toBe(true)
    const merged = (JSON.parse(out.stdout) as { comparisons: Comparison[] }).comparisons
    // What one unsharded run over exactly these samples decides.
    const all = await Promise.all([...resultFiles(shard1), ...resultFiles(shard2)].map((f) => readResultFile(f)))
    const oneRun = compareWithinRun(all)
    expect(merged.map(key).sort()).toEqual(oneRun.map(key).sort())
    for (const c of oneRun) {
      const m = merged.find((x) => key(x) === key(c))
      expect(m?.verdict, key(c)).toBe(c.verdict)
      expect(m?.pAdjusted, key(c)).toBeCloseTo(c.pAdjusted, 12)
    }
    // The merged run is a normal run: its files are the shards' files, unchanged, and it has a report.
    const dir = runIn('merged')
    expect(resultFiles(dir)).toHaveLength(2)
    const meta = JSON.parse(readFileSync(path.join(dir, 'run.meta.json'), 'utf8')) as {
      mergedFrom: { shard: { index: number } }[]
      shard: unknown
    }
    expect(meta.shard).toBeNull()
    expect(meta.mergedFrom.map((m) => m.shard.index)).toEqual([1, 2])
    expect(dyno(['report', dir, '--out', path.join(cwd, 'merged.html')]).code).toBe(0)
  })

  it('reaches the verdicts of an unsharded run of the same scenarios', () => {
    const whole = dyno(['run', ...fixed, ...scenarios, '--out', 'whole', '--format', 'json'])
    const merged = dyno(['merge', shard1, shard2, '--out', 'merged-again', '--format', 'json', '--no-report'])
    const verdicts = (run: Run) =>
      Object.fromEntries((JSON.parse(run.stdout) as { comparisons: Comparison[] }).comparisons.map((c) => [c.scenarioId, c.verdict]))
    // A 30% slowdown is regressed either way; an unchanged variant is never regressed.
    expect(verdicts(whole)['fixture/slower-after']).toBe('regressed')
    expect(verdicts(merged)['fixture/slower-after']).toBe('regressed')
    expect(verdicts(whole)['fixture/spin']).not.toBe('regressed')
    expect(verdicts(merged)['fixture/spin']).not.toBe('regressed')
    expect(whole.code).toBe(1)
    expect(merged.code).toBe(1)
  }, 180_000)

  describe('refuses shards that do not make one run, with exit 2 and what differs', () => {
    const refused = (args: string[], message: RegExp) => {
      const out = dyno(['merge', ...args, '--no-report'])
      expect(out.code, out.stderr).toBe(2)
      expect(out.stderr).toMatch(message)
      expect(out.stderr).not.toMatch(/^\s+at /m)
    }

    it('a missing shard', () => refused([shard1], /missing shard 2\/2/))

    it('the same shard twice', () => refused([shard1, shard1], /shard 1\/2 is given 2 times/))

    it('a shard of a different split', () => {
      expect(dyno(['run', ...fixed, ...scenarios, '--shard', '3/3', '--out', 'thirds']).code).not.toBe(2)
      refused([shard1, runIn('thirds')], /splits the suite 3 ways, shard 1\/2 .* 2 ways/)
    })

    it('a shard of a different selection', () => {
      expect(
        dyno(['run', ...fixed, '--scenarios', path.join(FIXTURES, 'spin.scenario.mjs'), '--shard', '2/2', '--out', 'fewer']).code,
      ).not.toBe(2)
      refused([shard1, runIn('fewer')], /selected different scenarios; only in shard 1\/2 .*: fixture\/slower-after/)
    })

    it('a shard of another commit', () => {
      const copy = path.join(cwd, 'other-commit')
      cpSync(shard2, copy, { recursive: true })
      const file = path.join(copy, 'run.meta.json')
      const meta = JSON.parse(readFileSync(file, 'utf8')) as { git: { sha: string } | null }
      meta.git = { ...(meta.git ?? { branch: null, dirty: false }), sha: 'f'.repeat(40) } as { sha: string }
      writeFileSync(file, JSON.stringify(meta))
      refused([shard1, copy], /git commit differs/)
    })

    it('a shard from a different machine, unless told to merge anyway', () => {
      const copy = path.join(cwd, 'other-machine')
      cpSync(shard2, copy, { recursive: true })
      for (const file of resultFiles(copy)) {
        const doc = JSON.parse(readFileSync(file, 'utf8')) as { environment: { cpu: { model: string } } }
        doc.environment.cpu.model = 'Imaginary CPU'
        writeFileSync(file, JSON.stringify(doc))
      }
      refused([shard1, copy], /cpu\.model differs: .* in the first shard, Imaginary CPU in shard 2\/2/)
      const allowed = dyno(['merge', shard1, copy, '--allow-env-mismatch', '--format', 'markdown', '--no-report'])
      expect(allowed.code, allowed.stderr).not.toBe(2)
      expect(allowed.stdout).toContain('shards were measured on different machines (cpu.model')
    })

    it('a whole run that is not a shard', () => {
      expect(dyno(['run', ...fixed, ...scenarios, '--out', 'unsharded']).code).not.toBe(2)
      refused([runIn('unsharded')], /is not a shard run/)
    })
  })
})
