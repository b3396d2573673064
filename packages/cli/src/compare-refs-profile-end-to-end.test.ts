import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { readResultFile } from '@dyno/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, TinyRefsRepo } from '../test-fixtures/tiny-refs-repo.js'

/**
 * Profiles in `dyno compare-refs`, end to end, on the tiny repository of the compare-refs tests
 * (test-fixtures/tiny-refs-repo.ts): HEAD adds a distinctively named hot function to the code
 * under test, so both variants regress; compare-refs must profile them on both builds by
 * itself, name that function at the top of the differential view BASE→HEAD, write the profiles
 * and flame graphs and link them — and keep every profiled round out of the samples.
 */
let fixture: TinyRefsRepo

const HOT = 'hotSpotAddedOnHead'

beforeAll(() => {
  fixture = new TinyRefsRepo('dyno-refs-profile-e2e-')
  fixture.branch('hot', () =>
    fixture.write(
      'src/work.js',
      `export const SIZE = 20000
export function checksum(n) {
  let x = 0
  for (let i = 0; i < n; i++) x = (Math.imul(x, 31) + i) | 0
  return x + ${HOT}(18)
}
// Recursive, so V8 cannot inline it into checksum: its samples stay its own.
function ${HOT}(n) {
  return n < 2 ? n : ${HOT}(n - 1) + ${HOT}(n - 2)
}
`,
    ),
  )
  // BASE built with a dyno from before profiling rounds: the same measuring protocol, but its
  // hello announces no revision (this worktree's dyno behind a shim that drops it).
  fixture.branch('pre-profiling', () => {
    fixture.write('package.json', JSON.stringify(fixture.packageJson({ '@dyno/cli': 'file:./old-cli' }), null, 2))
    fixture.write('old-cli/package.json', JSON.stringify({ name: '@dyno/cli', version: '0.9.0', type: 'module', bin: { dyno: 'dyno.js' } }))
    fixture.write(
      'old-cli/dyno.js',
      `const send = process.send?.bind(process)
if (send) process.send = (message, ...rest) =>
  send(message?.type === 'hello' ? { type: 'hello', protocol: message.protocol, dynoVersion: '0.9.0' } : message, ...rest)
await import(${JSON.stringify(BIN)})
`,
    )
  })
})

afterAll(() => {
  fixture.remove()
})

describe('dyno compare-refs profiles', () => {
  it('profiles a regression on both builds by itself, names the added hot function first, links the flame graphs, and leaves the samples alone', async () => {
    const before = fixture.runs()
    const summary = path.join(fixture.tmp, 'summary.md')
    // The stopping rule, not --quick's clock, ends the session: on a busy machine the clock
    // could stop it before a 2× slowdown is significant, and nothing would be profiled.
    const out = fixture.dyno(['compare-refs', 'main', 'hot', '--quick', '--time-budget', '5m', '--markdown', summary])
    expect(out.code, out.stdout + out.stderr).toBe(1)
    expect(out.stdout).toMatch(/✗ regressed\s+tiny\/work\s+after\s+nsPerOp\s+\+/)
    expect(out.stderr).toMatch(/profiling tiny\/work on both builds \(.*regressed on nsPerOp/)

    // The terminal: the differential view BASE→HEAD, the added function on its first row.
    const profiles = out.stdout.slice(out.stdout.indexOf('Profiles'))
    expect(profiles).toContain('head:after vs base:after: share of self time')
    const firstRow = profiles.split('\n').find((line) => /^\s+\S+\s+\S+\.js:\d+/.test(line))
    expect(firstRow?.trim().startsWith(HOT)).toBe(true)

    const [runDir, ...others] = fixture.newRunDirs(before)
    expect(others).toHaveLength(0)
    const head = await readResultFile(path.join(runDir as string, 'head', 'tiny', 'work.json'))
    const base = await readResultFile(path.join(runDir as string, 'base', 'tiny', 'work.json'))
    const profile = head.profile
    expect(profile?.trigger).toBe('regression')
    expect(profile?.variants.map((v) => v.label).sort()).toEqual(['base:after', 'base:before', 'head:after', 'head:before'])
    expect(profile?.diffs.map((d) => `${d.base}→${d.head}`).sort()).toEqual(['base:after→head:after', 'base:before→head:before'])
    for (const diff of profile?.diffs ?? []) {
      expect(diff.functions[0]?.functionName).toBe(HOT)
      expect(diff.functions[0]?.url).toBe('dist/work.js')
    }

    // Profiles are written beside the results and their flame graphs linked from the report.
    const html = readFileSync(path.join(fixture.repo, 'reports', path.basename(runDir as string), 'index.html'), 'utf8')
    for (const v of profile?.variants ?? []) {
      expect(v.cpuProfile).not.toBeNull()
      expect(existsSync(path.join(runDir as string, 'head', v.cpuProfile as string))).toBe(true)
    }
    const links = [...html.matchAll(/href="([^"]+\.html)"/g)].map((m) => decodeURIComponent(m[1] as string))
    const flameGraphs = links.filter((l) => l.includes('profiles/'))
    expect(flameGraphs.length).toBe(4)
    for (const link of flameGraphs) {
      const page = readFileSync(path.join(fixture.repo, 'reports', path.basename(runDir as string), link), 'utf8')
      // Files are named relative to each build's checkout, not by where the build cache keeps it.
      expect(page).toContain('dist/work.js')
      expect(page).not.toContain(fixture.cache)
    }
    expect(html).toContain(HOT)
    const markdown = readFileSync(summary, 'utf8')
    expect(markdown).toContain('**Where the time went**')
    expect(markdown).toContain(`- tiny/work, head:after vs base:after: **${HOT}** +`)

    // No profiled round became a sample: both sides hold exactly the measured rounds, all of
    // them started before profiling did, and the base file (never rewritten) pairs round by round.
    const measured = head.session.measuredRounds
    for (const side of [head, base]) {
      for (const v of side.variants) {
        expect(v.rounds.map((r) => r.round)).toEqual([...Array(measured).keys()])
        for (const r of v.rounds) expect(Date.parse(r.startedAt)).toBeLessThan(Date.parse(profile?.startedAt ?? ''))
      }
    }
    expect(base.profile).toBeUndefined()
  }, 240_000)

  it('profiles HEAD alone, with a notice, when BASE’s dyno predates profiling rounds', async () => {
    const before = fixture.runs()
    const out = fixture.dyno(['compare-refs', 'pre-profiling', 'hot', '--rounds', '2', '--quick', '--profile', '--no-report'])
    expect(out.code, out.stdout + out.stderr).not.toBe(2)
    expect(out.code).not.toBe(3)
    expect(out.stderr).toMatch(
      /base: pre-profiling \([0-9a-f]{7}\) cannot be profiled: its dyno 0\.9\.0 speaks round protocol 1 revision 1/,
    )
    expect(out.stderr).toContain('profiling tiny/work on HEAD')
    expect(out.stderr).not.toMatch(/^\s+at /m)
    const [runDir] = fixture.newRunDirs(before)
    const head = await readResultFile(path.join(runDir as string, 'head', 'tiny', 'work.json'))
    expect(head.profile?.trigger).toBe('requested')
    expect(head.profile?.variants.map((v) => `${v.label} ${v.status}`)).toEqual(['head:before profiled', 'head:after profiled'])
    expect(head.profile?.diffs).toEqual([])
    expect(head.profile?.warnings[0]).toMatch(/cannot be profiled.*HEAD was profiled alone/)
    expect(out.stdout).toContain('⚠ base: pre-profiling')
  }, 180_000)

  it('profiles nothing, with a note, when HEAD’s dyno predates profiling rounds', async () => {
    const before = fixture.runs()
    const out = fixture.dyno(['compare-refs', 'hot', 'pre-profiling', '--rounds', '1', '--quick', '--profile', '--no-report'])
    expect(out.code, out.stdout + out.stderr).not.toBe(2)
    expect(out.code).not.toBe(3)
    expect(out.stderr).toMatch(/note: head: pre-profiling \([0-9a-f]{7}\) cannot be profiled: .*; nothing was profiled/)
    const [runDir] = fixture.newRunDirs(before)
    const head = await readResultFile(path.join(runDir as string, 'head', 'tiny', 'work.json'))
    expect(head.profile).toBeUndefined()
    expect(head.variants.map((v) => v.rounds.length)).toEqual([1, 1])
  }, 120_000)
})
