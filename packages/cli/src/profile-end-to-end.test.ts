import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ResultFile, readCpuProfile, readResultFile } from '@dyno/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * Profiling end to end, through the built `dyno` binary in a temporary directory: a fixture
 * whose "after" variant adds a distinctively named busy function (hot-head.scenario.mjs)
 * regresses, `dyno run` profiles it automatically, the differential view names that function
 * first, the profiles are written and linked from the report, and none of the profiled rounds
 * is among the verdict's samples.
 */
const BIN = fileURLToPath(new URL('../bin/dyno.js', import.meta.url))
const HOT_HEAD = fileURLToPath(new URL('../test-fixtures/hot-head.scenario.mjs', import.meta.url))
const HOT = 'distinctiveHotFunction'

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
    timeout: 180_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

// 12 rounds, not 8: at α = 0.01 a signed-rank test on 8 pairs is significant only when every
// pair agrees, so one round disturbed by a busy CI machine would turn the regression
// inconclusive; 12 pairs tolerate a couple of such rounds.
const ROUNDS = 12
const quick = ['--quick', '--rounds', String(ROUNDS), '--seed', '3', '--scenarios', HOT_HEAD]
let cwd: string
let autoRun: Run
let result: ResultFile
let runDir: string

function onlyRun(): string {
  const runs = readdirSync(path.join(cwd, 'results')).filter((d) => /^\d{8}T/.test(d))
  return path.join(cwd, 'results', runs.sort().at(-1) as string)
}

beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'dyno-profile-e2e-'))
  autoRun = dyno(['run', ...quick], { cwd })
  runDir = onlyRun()
  result = await readResultFile(path.join(runDir, 'fixture', 'hot-head.json'))
}, 240_000)

afterAll(() => rmSync(cwd, { recursive: true, force: true }))

describe('profiling a regression automatically (dyno run)', () => {
  it('fails the gate on the regression and profiles both sides, naming the added function first', () => {
    expect(autoRun.code, autoRun.stderr).toBe(1)
    expect(autoRun.stdout).toMatch(/✗ regressed\s+fixture\/hot-head\s+after vs before/)
    const profile = result.profile
    expect(profile?.trigger).toBe('regression')
    expect(profile?.reason).toMatch(/^after regressed on nsPerOp/)
    expect(profile?.variants.map((v) => [v.label, v.status])).toEqual([
      ['before', 'profiled'],
      ['after', 'profiled'],
    ])
    expect(profile?.diffs[0]).toMatchObject({ base: 'before', head: 'after' })
    expect(profile?.diffs[0]?.functions[0]?.functionName).toBe(HOT)
    expect(profile?.diffs[0]?.functions[0]?.url).toMatch(/hot-head\.scenario\.mjs$/)
  })

  it('prints the differential view in the terminal, the added function in its first row, before the results directory', () => {
    const lines = autoRun.stdout.trimEnd().split('\n')
    const header = lines.findIndex((l) => /^\s+function\s+where\s+before\s+after\s+change$/.test(l))
    expect(header).toBeGreaterThan(0)
    expect(lines[header + 1]).toMatch(
      new RegExp(`^\\s+${HOT}\\s+\\S*hot-head\\.scenario\\.mjs:\\d+\\s+0\\.0%\\s+[\\d.]+%\\s+\\+[\\d.]+ pp$`),
    )
    expect(autoRun.stdout).toMatch(/after: \d+ samples · profiled: GC [^,]+, event loop \d+% busy/)
    expect(lines.at(-1)).toMatch(/^Results: results\/\d{8}T\d{6}Z-[0-9a-f]{4}$/)
    expect(autoRun.stderr).toMatch(/profiling fixture\/hot-head because after regressed/)
  })

  it('keeps every profiled round out of the verdict’s samples', () => {
    expect(result.session.measuredRounds).toBe(ROUNDS)
    for (const variant of result.variants) {
      expect(variant.rounds).toHaveLength(ROUNDS)
      expect(variant.summaries.nsPerOp?.n).toBe(ROUNDS)
    }
    for (const c of result.comparisons) expect(c.pairs).toBe(ROUNDS)
    const profiledRounds = result.profile?.variants.map((v) => v.rounds) ?? []
    expect(profiledRounds.every((n) => n > 0)).toBe(true)
    const lastMeasured = Math.max(...result.variants.flatMap((v) => v.rounds.map((r) => Date.parse(r.startedAt))))
    expect(Date.parse(result.profile?.startedAt ?? '')).toBeGreaterThanOrEqual(lastMeasured)
  })

  it('writes the profiles beside the results and links a flame graph per variant from the report', async () => {
    for (const v of result.profile?.variants ?? []) {
      const file = path.join(runDir, v.cpuProfile ?? 'missing')
      expect(file).toBe(path.join(runDir, 'profiles', 'fixture', 'hot-head', `${v.label}.cpuprofile`))
      expect((await readCpuProfile(file)).nodes.length).toBeGreaterThan(1)
    }
    const reportDir = path.join(cwd, 'reports', path.basename(runDir))
    const index = readFileSync(path.join(reportDir, 'index.html'), 'utf8')
    for (const label of ['before', 'after']) {
      const link = `profiles/fixture/hot-head/${label}.html`
      expect(index).toContain(`href="${link}"`)
      expect(existsSync(path.join(reportDir, link))).toBe(true)
      // The raw profile is linked too, relative to the report, and the link resolves.
      const raw = new RegExp(`href="([^"]*profiles/fixture/hot-head/${label}\\.cpuprofile)"`).exec(index)?.[1]
      expect(raw && existsSync(path.resolve(reportDir, decodeURIComponent(raw)))).toBe(true)
    }
    const flame = readFileSync(path.join(reportDir, 'profiles', 'fixture', 'hot-head', 'after.html'), 'utf8')
    expect(flame).toContain(`<title>${HOT} — `)
    expect(flame).not.toContain('<script')
  })

  it('puts where the time went into the Markdown summary', () => {
    const md = dyno(['run', ...quick, '--format', 'markdown', '--no-report'], { cwd })
    expect(md.code).toBe(1)
    expect(md.stdout).toMatch(
      new RegExp(`\\*\\*Where the time went\\*\\*[\\s\\S]*fixture/hot-head, after vs before: \\*\\*${HOT}\\*\\* \\+`),
    )
  })

  it('rebuilds the flame graphs with the report from the result files alone (dyno report)', () => {
    const out = path.join(cwd, 'rebuilt', 'index.html')
    const rebuilt = dyno(['report', runDir, '--out', out], { cwd })
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    expect(existsSync(path.join(cwd, 'rebuilt', 'profiles', 'fixture', 'hot-head', 'after.html'))).toBe(true)
  })
})

describe('profiling on request and opting out', () => {
  it('does not profile a regression with --no-auto-profile', async () => {
    const out = dyno(['run', ...quick, '--no-auto-profile', '--no-report'], { cwd })
    expect(out.code).toBe(1)
    const file = path.join(onlyRun(), 'fixture', 'hot-head.json')
    expect((await readResultFile(file)).profile).toBeUndefined()
    expect(existsSync(path.join(onlyRun(), 'profiles'))).toBe(false)
    expect(out.stdout).not.toContain('Profiles (where the time went')
  })

  it('profiles every variant with --profile, allocations too with --heap-profile', async () => {
    const out = dyno(['run', ...quick, '--profile', '--heap-profile', '--no-report', '--format', 'json'], { cwd })
    expect(out.code).toBe(1)
    const run = JSON.parse(out.stdout) as { profiles: { scenarioId: string; trigger: string }[] }
    expect(run.profiles).toEqual([expect.objectContaining({ scenarioId: 'fixture/hot-head', trigger: 'requested' })])
    const profiled = await readResultFile(path.join(onlyRun(), 'fixture', 'hot-head.json'))
    expect(profiled.profile?.heap).toBe(true)
    for (const v of profiled.profile?.variants ?? []) expect(existsSync(path.join(onlyRun(), v.heapProfile ?? 'missing'))).toBe(true)
  })
})

describe('dyno profile', () => {
  it('writes profiles, flame graphs, an index and the records to one directory, and says whether clinic is there', () => {
    const out = path.join(cwd, 'session')
    const run = dyno(['profile', 'fixture/hot-head', '--quick', '--out', out, '--scenarios', HOT_HEAD], { cwd, env: { PATH: emptyPath() } })
    expect(run.code, run.stderr).toBe(0)
    const header = run.stdout.split('\n').findIndex((l) => /^\s+function\s+where\s+before\s+after\s+change$/.test(l))
    expect(run.stdout.split('\n')[header + 1]).toMatch(new RegExp(`^\\s+${HOT}\\s`))
    expect(run.stdout).toContain('note: clinic is not installed (optional)')
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Profiles: session')
    for (const f of ['index.html', 'profile.json', 'fixture/hot-head/after.cpuprofile', 'fixture/hot-head/after.html']) {
      expect(existsSync(path.join(out, f)), f).toBe(true)
    }
    const records = JSON.parse(readFileSync(path.join(out, 'profile.json'), 'utf8')) as {
      profiles: { diffs: { functions: { functionName: string }[] }[] }[]
    }
    expect(records.profiles[0]?.diffs[0]?.functions[0]?.functionName).toBe(HOT)
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="fixture/hot-head/after.html"')
  })

  it('profiles only the variant asked for, at the sampling interval asked for', () => {
    const run = dyno(
      [
        'profile',
        'fixture/hot-head',
        '--quick',
        '--variant',
        'after',
        '--sampling-interval',
        '500',
        '--format',
        'json',
        '--scenarios',
        HOT_HEAD,
      ],
      { cwd },
    )
    expect(run.code, run.stderr).toBe(0)
    const json = JSON.parse(run.stdout) as { profiles: { variants: { label: string }[]; diffs: unknown[]; samplingIntervalUs: number }[] }
    expect(json.profiles[0]?.variants.map((v) => v.label)).toEqual(['after'])
    expect(json.profiles[0]?.diffs).toEqual([])
    expect(json.profiles[0]?.samplingIntervalUs).toBe(500)
  })

  it('runs clinic with NO_INSIGHT=1 on each variant when asked and installed', () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'dyno-fake-clinic-'))
    // A stand-in for clinic: runs the command after `--` (dyno's child, which runs the
    // scenario), then writes a report into --dest, as clinic doctor does.
    writeFileSync(
      path.join(bin, 'clinic'),
      `#!/usr/bin/env bash
if [ "$1" = "--version" ]; then echo "v13.0.0"; exit 0; fi
tool="$1"; shift; dest=""
while [ $# -gt 0 ]; do case "$1" in --dest) dest="$2"; shift 2;; --) shift; break;; *) shift;; esac; done
"$@" || exit 9
echo "<html>fake clinic $tool NO_INSIGHT=$NO_INSIGHT</html>" > "$dest/4242.clinic-$tool.html"
`,
    )
    chmodSync(path.join(bin, 'clinic'), 0o755)
    const out = path.join(cwd, 'with-clinic')
    const run = dyno(['profile', 'fixture/hot-head', '--quick', '--clinic', 'doctor', '--out', out, '--scenarios', HOT_HEAD], {
      cwd,
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/ran `clinic doctor` on each variant, with NO_INSIGHT=1/)
    for (const variant of ['before', 'after']) {
      const html = path.join(out, 'fixture', 'hot-head', `clinic-doctor-${variant}`, '4242.clinic-doctor.html')
      expect(readFileSync(html, 'utf8')).toContain('fake clinic doctor NO_INSIGHT=1')
    }
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('clinic-doctor-after/4242.clinic-doctor.html')
    rmSync(bin, { recursive: true, force: true })
  })

  describe('bad input gets one clear line and the documented exit code', () => {
    const noStack = (run: Run) => expect(run.stderr).not.toMatch(/^\s+at /m)

    it('an unknown variant (exit 2), listing the scenario’s variants', () => {
      const run = dyno(['profile', 'fixture/hot-head', '--variant', 'nope', '--scenarios', HOT_HEAD], { cwd })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain("scenario 'fixture/hot-head' has no variant 'nope' (its variants: before, after)")
      noStack(run)
    })

    it('--clinic without clinic installed (exit 3), before anything runs', () => {
      const out = path.join(cwd, 'never-written')
      const run = dyno(['profile', 'fixture/hot-head', '--clinic', 'flame', '--out', out, '--scenarios', HOT_HEAD], {
        cwd,
        env: { PATH: emptyPath() },
      })
      expect(run.code).toBe(3)
      expect(run.stderr).toContain('--clinic flame needs clinic, which is not installed')
      expect(run.stderr).toContain('hint: install it with `npm i -g clinic`')
      expect(existsSync(out)).toBe(false)
      noStack(run)
    })

    it('no scenario id (exit 2), and an unknown clinic tool (exit 2)', () => {
      expect(dyno(['profile', '--scenarios', HOT_HEAD], { cwd }).code).toBe(2)
      const bubble = dyno(['profile', 'fixture/hot-head', '--clinic', 'bubbleprof', '--scenarios', HOT_HEAD], { cwd })
      expect(bubble.code).toBe(2)
      expect(bubble.stderr).toContain("argument 'bubbleprof' is invalid")
    })
  })
})

/** A PATH with the directory of node only, so no clinic can be found. */
function emptyPath(): string {
  return path.dirname(process.execPath)
}
