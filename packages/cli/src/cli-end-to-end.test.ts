import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readResultFile } from '@dyno/core'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * These tests spawn the built `dyno` binary (npm test builds first), in a temporary working
 * directory with its own results/, exactly as a user or CI job would run it.
 */
const BIN = fileURLToPath(new URL('../bin/dyno.js', import.meta.url))
const FIXTURES = fileURLToPath(new URL('../test-fixtures/', import.meta.url))
const fixture = (name: string) => path.join(FIXTURES, name)

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function dyno(args: string[], options: { cwd: string; env?: Record<string, string> }): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const quick = ['--quick', '--rounds', '12', '--seed', '1']
let cwd: string
let firstRun: string
let slowerRun: string

function onlyRunDir(before: Set<string>): string {
  const added = readdirSync(path.join(cwd, 'results')).filter((d) => !before.has(d) && d !== 'baselines')
  expect(added).toHaveLength(1)
  return path.join(cwd, 'results', added[0] as string)
}

beforeAll(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'dyno-cli-'))
  const seen = () => new Set(readdirSync(path.join(cwd, 'results')).filter((d) => d !== 'baselines'))
  const a = dyno(['run', ...quick, '--scenarios', fixture('spin.scenario.mjs')], { cwd })
  expect(a.code, a.stderr).toBe(0)
  firstRun = onlyRunDir(new Set())
  const before = seen()
  const b = dyno(['run', ...quick, '--scenarios', fixture('spin.scenario.mjs')], { cwd, env: { DYNO_FIXTURE_SLOWDOWN: '0.3' } })
  expect(b.code, b.stderr).toBe(0)
  slowerRun = onlyRunDir(before)
}, 180_000)

describe('dyno CLI, end to end', () => {
  it('prints help listing every verb, and its version', () => {
    const help = dyno(['--help'], { cwd })
    expect(help.code).toBe(0)
    for (const verb of ['list', 'run', 'compare', 'baseline']) expect(help.stdout).toContain(verb)
    expect(dyno(['--version'], { cwd }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('writes one schema-valid result file per scenario and prints the run directory last', async () => {
    const file = path.join(firstRun, 'fixture', 'spin.json')
    const result = await readResultFile(file)
    expect(result.scenario.id).toBe('fixture/spin')
    expect(result.session.measuredRounds).toBe(12)
    expect(result.variants.map((v) => v.rounds.length)).toEqual([12, 12])
  })

  it('compares a run with itself (A/A) as equivalent or inconclusive, never regressed, and exits 0', () => {
    const out = dyno(['compare', firstRun, firstRun, '--format', 'json'], { cwd })
    expect(out.code, out.stderr).toBe(0)
    const comparisons = (
      JSON.parse(out.stdout) as { comparisons: { verdict: string; ratio: { estimate: number }; metric: { gated: boolean } }[] }
    ).comparisons.filter((c) => c.metric.gated)
    expect(comparisons).toHaveLength(2)
    for (const c of comparisons) {
      // Identical samples: no change at all; "equivalent" when the run was quiet enough to
      // have seen a 5% change, otherwise honestly "inconclusive".
      expect(c.ratio.estimate).toBe(1)
      expect(['equivalent', 'inconclusive']).toContain(c.verdict)
    }
  })

  it('exits 1 and names the scenario when HEAD is 30% slower', () => {
    const out = dyno(['compare', firstRun, slowerRun], { cwd })
    expect(out.code, out.stdout + out.stderr).toBe(1)
    expect(out.stdout).toMatch(/✗ regressed\s+fixture\/spin/)
    expect(out.stdout).toContain('Gate: FAIL (exit 1)')
    const markdown = dyno(['compare', firstRun, slowerRun, '--format', 'markdown'], { cwd })
    expect(markdown.code).toBe(1)
    expect(markdown.stdout).toMatch(/^## dyno compare .*: ❌ fail/m)
    expect(markdown.stdout).toMatch(/\| ✗ regressed \| fixture\/spin \|/)
  })

  it('exits 1 from `run` when a variant is slower than its baseline', () => {
    const out = dyno(['run', ...quick, '--scenarios', fixture('slower-after.scenario.mjs')], { cwd })
    expect(out.code, out.stderr).toBe(1)
    expect(out.stdout).toMatch(/✗ regressed\s+fixture\/slower-after\s+after vs before\s+nsPerOp/)
    expect(out.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Results: results\/\d{8}T\d{6}Z-[0-9a-f]{4}$/)
  })

  it('loads TypeScript scenario files without a build step', () => {
    const out = dyno(['run', '--quick', '--rounds', '6', '--scenarios', fixture('typed.scenario.ts'), '--format', 'json'], { cwd })
    expect(out.code, out.stderr).not.toBe(2)
    expect((JSON.parse(out.stdout) as { files: string[] }).files[0]).toMatch(/fixture\/typed\.json$/)
  })

  it('lists scenarios with their variants', () => {
    const out = dyno(['list', '--scenarios', fixture('spin.scenario.mjs'), '--json'], { cwd })
    expect(out.code).toBe(0)
    expect(JSON.parse(out.stdout)).toEqual([expect.objectContaining({ id: 'fixture/spin', runner: 'micro', variants: ['a*', 'b'] })])
  })

  it('saves a baseline and compares against it by name', () => {
    const save = dyno(['baseline', 'save', 'main', path.basename(firstRun)], { cwd })
    expect(save.code, save.stderr).toBe(0)
    expect(dyno(['baseline', 'save', 'main'], { cwd }).code).toBe(2)
    const list = dyno(['baseline', 'list'], { cwd })
    expect(list.stdout).toMatch(/^main\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\d{8}T/m)
    expect(dyno(['compare', 'main', firstRun], { cwd }).code).toBe(0)
  })

  it('refuses to compare results from different machines, naming the fields, unless told to', () => {
    const copy = path.join(cwd, 'other-machine.json')
    const doc = JSON.parse(readFileSync(path.join(firstRun, 'fixture', 'spin.json'), 'utf8')) as {
      environment: { cpu: { cores: number; model: string } }
    }
    doc.environment.cpu.cores = 64
    doc.environment.cpu.model = 'Imaginary 64-core CPU'
    writeFileSync(copy, JSON.stringify(doc))
    const refused = dyno(['compare', firstRun, copy], { cwd })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('were measured in different environments')
    expect(refused.stderr).toContain(
      'cpu.cores: 2 (base) vs 64 (head)'.replace(
        '2',
        String(JSON.parse(readFileSync(path.join(firstRun, 'fixture', 'spin.json'), 'utf8')).environment.cpu.cores),
      ),
    )
    const allowed = dyno(['compare', firstRun, copy, '--allow-env-mismatch', '--format', 'markdown'], { cwd })
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toContain('measured in different environments: cpu.model')
  })

  it('calibrates A/A noise per machine and then flags a gate tighter than it', () => {
    const out = dyno(['calibrate', '--trials', '2', '--quick', '--scenarios', fixture('spin.scenario.mjs'), '--json'], { cwd })
    expect(out.code, out.stderr).toBe(0)
    const report = JSON.parse(out.stdout) as {
      file: string
      calibrations: { scenarioId: string; trials: number; metrics: { metric: string; suggestedThreshold: number }[] }[]
    }
    expect(report.file).toMatch(/results\/calibration\/[0-9a-f]{12}\.json$/)
    expect(report.calibrations[0]).toMatchObject({ scenarioId: 'fixture/spin', trials: 2 })
    expect(report.calibrations[0]?.metrics[0]?.suggestedThreshold).toBeGreaterThanOrEqual(0.01)
    const tight = dyno(['run', ...quick, '--threshold', '0.2%', '--scenarios', fixture('spin.scenario.mjs')], { cwd })
    expect(tight.stdout).toMatch(/A\/A calibration on this machine .* wider than the 0\.2% gate/)
  })

  describe('bad input gets one clear line and exit 2, never a stack trace', () => {
    const noStack = (run: Run) => expect(run.stderr).not.toMatch(/^\s+at /m)

    it('an unknown flag', () => {
      const out = dyno(['run', '--fast'], { cwd })
      expect(out.code).toBe(2)
      expect(out.stderr).toContain("unknown option '--fast'")
      noStack(out)
    })

    it('an unknown scenario id, listing the known ones', () => {
      const out = dyno(['run', 'fixture/nope', '--scenarios', fixture('spin.scenario.mjs')], { cwd })
      expect(out.code).toBe(2)
      expect(out.stderr).toContain("no scenario matches 'fixture/nope'")
      expect(out.stderr).toContain('known scenarios: fixture/spin')
      noStack(out)
    })

    it('a bad threshold', () => {
      const out = dyno(['run', '--threshold', 'lots'], { cwd })
      expect(out.code).toBe(2)
      expect(out.stderr).toContain("'lots' is not a threshold")
    })

    it('a corrupt result file, naming the file and the field', () => {
      const copy = path.join(cwd, 'corrupt.json')
      const doc = JSON.parse(readFileSync(path.join(firstRun, 'fixture', 'spin.json'), 'utf8')) as { session: { measuredRounds: unknown } }
      doc.session.measuredRounds = 'eight'
      writeFileSync(copy, JSON.stringify(doc))
      const out = dyno(['compare', firstRun, copy], { cwd })
      expect(out.code).toBe(2)
      expect(out.stderr).toContain('corrupt.json does not match the result schema v1')
      expect(out.stderr).toContain('session.measuredRounds: must be integer')
      noStack(out)
    })

    it('a scenario file that fails to load, naming it', () => {
      const out = dyno(['list', '--scenarios', fixture('broken.scenario.mjs')], { cwd })
      expect(out.code).toBe(2)
      expect(out.stderr).toContain('broken.scenario.mjs: cannot be loaded: cannot reach the fixture server')
      noStack(out)
    })

    it('a name that is neither a run nor a baseline', () => {
      const out = dyno(['compare', 'nothing-here', firstRun], { cwd })
      expect(out.code).toBe(2)
      expect(out.stderr).toContain("'nothing-here' is not a result file, a run directory, a run id or a saved baseline")
    })
  })
})
