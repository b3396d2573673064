import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { readResultFile } from '@dyno/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TinyRefsRepo, work } from '../test-fixtures/tiny-refs-repo.js'

/**
 * `dyno compare-refs` end to end: a temporary git repository (outside this one) holds a tiny
 * npm project with one micro scenario (test-fixtures/tiny-refs-repo.ts), and branches change
 * its code — not at all, 30% slower, broken. The built `dyno` binary of this worktree compares
 * them as a user would.
 */
let fixture: TinyRefsRepo
let tmp: string
const dyno = (args: string[], env: Record<string, string> = {}) => fixture.dyno(args, env)
const git = (...args: string[]) => fixture.git(...args)
const write = (file: string, text: string) => fixture.write(file, text)
const branch = (name: string, change: () => void) => fixture.branch(name, change)
const runs = () => fixture.runs()

function newRunDir(before: readonly string[]): string {
  const dirs = fixture.newRunDirs(before)
  expect(dirs).toHaveLength(1)
  return dirs[0] as string
}

beforeAll(() => {
  fixture = new TinyRefsRepo('dyno-refs-e2e-')
  tmp = fixture.tmp
  branch('docs-only', () => write('README.md', 'Only the documentation changed.\n'))
  branch('slower', () => write('src/work.js', work(26_000)))
  branch('broken', () => write('src/work.js', work(20_000, true)))
  branch('with-extra', () =>
    write(
      'scenarios/tiny/extra.scenario.mjs',
      `import { defineScenario, micro } from '@dyno/core'
export default defineScenario({
  id: 'tiny/extra',
  description: 'A scenario only some commits have',
  runner: micro({ roundMs: 20 }),
  variants: { one: { baseline: true, prepare: () => () => Math.sqrt(2) * 3 }, two: { prepare: () => () => Math.sqrt(3) * 2 } },
})
`,
    ),
  )
  // A commit whose dyno predates compare-refs: its @dyno/cli knows no `__round`.
  branch('old-dyno', () => {
    write('package.json', JSON.stringify(fixture.packageJson({ '@dyno/cli': 'file:./old-cli' }), null, 2))
    write('old-cli/package.json', JSON.stringify({ name: '@dyno/cli', version: '0.1.0', bin: { dyno: 'dyno.js' } }))
    write('old-cli/dyno.js', 'console.error("error: unknown command \'__round\'")\nprocess.exit(1)\n')
  })
})

afterAll(() => {
  fixture.remove()
})

describe('dyno compare-refs, end to end', () => {
  it('passes identical code (A/A), and a second run of the same comparison reuses both cached builds without npm', async () => {
    const before = runs()
    const first = dyno(['compare-refs', 'main', 'docs-only', '--quick'])
    expect(first.code, first.stdout + first.stderr).toBe(0)
    expect(first.stderr).toMatch(/base: main \([0-9a-f]{7}\): built [0-9a-f]{12}-[0-9a-f]{12} in/)
    expect(first.stdout).toContain('Gate: PASS (exit 0)')
    expect(first.stdout).not.toContain('regressed  ')
    const runDir = newRunDir(before)
    const head = await readResultFile(path.join(runDir, 'head', 'tiny', 'work.json'))
    const base = await readResultFile(path.join(runDir, 'base', 'tiny', 'work.json'))
    expect(head.refs).toMatchObject({
      side: 'head',
      base: { ref: 'main', sha: git('rev-parse', 'main') },
      head: { ref: 'docs-only', dirty: false },
    })
    expect(base.refs?.side).toBe('base')
    expect(base.environment.git?.sha).toBe(git('rev-parse', 'main'))
    expect(head.variants.map((v) => v.rounds.length)).toEqual(base.variants.map((v) => v.rounds.length))
    // The checkouts lived outside the working tree and are no longer registered.
    expect(git('worktree', 'list').split('\n')).toHaveLength(1)

    // Second run: an `npm` that records being called and fails comes first on PATH.
    const fakeBin = path.join(tmp, 'fake-npm')
    mkdirSync(fakeBin, { recursive: true })
    const marker = path.join(tmp, 'npm-was-called')
    writeFileSync(path.join(fakeBin, 'npm'), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 })
    const second = dyno(['compare-refs', 'main', 'docs-only', '--quick'], { PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ''}` })
    expect(second.code, second.stdout + second.stderr).toBe(0)
    expect(second.stderr).toMatch(/base: main \([0-9a-f]{7}\): cached build/)
    expect(second.stderr).toMatch(/head: docs-only \([0-9a-f]{7}\): cached build/)
    expect(existsSync(marker)).toBe(false)
  }, 400_000)

  it('fails a 30% slowdown on HEAD with exit 1, names the scenario in the terminal, the Markdown and the HTML report, and profiles nothing with --no-auto-profile', () => {
    const before = runs()
    // The summary goes outside the repository: an untracked file would make the tree dirty.
    const summary = path.join(tmp, 'summary.md')
    // Adaptive sampling, as users run it: on this shared machine a round now and then is
    // disturbed (one process descheduled); the stopping rule then keeps sampling until the
    // interval is precise again, where a fixed small number of rounds would stay inconclusive.
    // --no-auto-profile: this test is about the verdict (compare-refs-profile-end-to-end.test.ts profiles one).
    const out = dyno(['compare-refs', 'main', 'slower', '--max-rounds', '30', '--markdown', summary, '--no-auto-profile'])
    expect(out.code, out.stdout + out.stderr).toBe(1)
    expect(out.stdout).toMatch(/✗ regressed\s+tiny\/work\s+after\s+nsPerOp\s+\+/)
    expect(out.stdout).toContain('Gate: FAIL (exit 1)')
    const markdown = readFileSync(summary, 'utf8')
    expect(markdown).toMatch(/^## dyno compare-refs slower \([0-9a-f]{7}\) vs main \([0-9a-f]{7}\): ❌ fail/m)
    expect(markdown).toMatch(/\| ✗ regressed \| tiny\/work \| after \| nsPerOp \|/)
    const runDir = newRunDir(before)
    const html = readFileSync(path.join(fixture.repo, 'reports', path.basename(runDir), 'index.html'), 'utf8')
    expect(html).toContain('tiny/work')
    // Opted out: the regression was not profiled.
    expect(out.stdout).not.toContain('Profiles')
    expect(existsSync(path.join(runDir, 'head', 'profiles'))).toBe(false)
    expect(html).toMatch(/head slower \([0-9a-f]{7}\) against base main \([0-9a-f]{7}\)/)
  }, 400_000)

  it('records a HEAD that breaks the scenario as errored, names it, and exits 1', async () => {
    const before = runs()
    const out = dyno(['compare-refs', 'main', 'broken', '--quick'])
    expect(out.code, out.stdout + out.stderr).toBe(1)
    expect(out.stdout).toMatch(/tiny\/work after errored: checksum: broken on this branch/)
    const head = await readResultFile(path.join(newRunDir(before), 'head', 'tiny', 'work.json'))
    expect(head.variants.map((v) => v.status)).toEqual(['errored', 'errored'])
    expect(head.session.stopReason).toBe('no-runnable-variant')
  }, 400_000)

  it('refuses a dirty working tree as HEAD unless --include-dirty, and then marks it dirty', async () => {
    write('src/work.js', `${work(20_000)}// an uncommitted comment\n`)
    try {
      const refused = dyno(['compare-refs', 'main', 'HEAD', '--quick'])
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain("the working tree has uncommitted changes that HEAD 'HEAD' does not include: src/work.js")
      expect(refused.stderr).toContain('pass --include-dirty')
      const before = runs()
      const dirty = dyno(['compare-refs', 'main', 'HEAD', '--include-dirty', '--rounds', '10', '--format', 'markdown'])
      expect(dirty.code, dirty.stderr).not.toBe(2)
      expect(dirty.stdout, dirty.stderr).toMatch(/^## dyno compare-refs HEAD \([0-9a-f]{7} \+ uncommitted changes\) vs main/m)
      const head = await readResultFile(path.join(newRunDir(before), 'head', 'tiny', 'work.json'))
      expect(head.refs?.head).toMatchObject({ ref: 'HEAD', dirty: true, tree: expect.stringMatching(/^[0-9a-f]{40}$/) })
      expect(head.environment.git?.dirty).toBe(true)
      expect(git('status', '--porcelain')).toBe('M src/work.js')
    } finally {
      git('checkout', '--', 'src/work.js')
    }
  }, 400_000)

  it('reports a scenario only BASE has as removed, not an error, and measures nothing for it', () => {
    const out = dyno(['compare-refs', 'with-extra', 'main', 'tiny/extra', '--no-report'])
    expect(out.code, out.stderr).toBe(0)
    expect(out.stdout).toContain('only in base (removed): tiny/extra')
    expect(out.stderr).toContain('nothing to measure: every selected scenario exists on BASE only')
  }, 120_000)

  it('runs a scenario only HEAD has on HEAD alone and reports it as added', async () => {
    const before = runs()
    const out = dyno(['compare-refs', 'main', 'with-extra', 'tiny/extra', '--rounds', '10', '--no-report', '--format', 'json'])
    expect(out.code, out.stderr).toBe(0)
    expect((JSON.parse(out.stdout) as { added: string[] }).added).toEqual(['tiny/extra'])
    const runDir = newRunDir(before)
    expect(existsSync(path.join(runDir, 'base', 'tiny', 'extra.json'))).toBe(false)
    const head = await readResultFile(path.join(runDir, 'head', 'tiny', 'extra.json'))
    expect(head.variants.map((v) => [v.name, v.rounds.length])).toEqual([
      ['one', 10],
      ['two', 10],
    ])
  }, 180_000)

  it('refuses a BASE whose dyno does not serve the round protocol, with exit 2', () => {
    const out = dyno(['compare-refs', 'old-dyno', 'main', '--quick'])
    expect(out.code, out.stderr).toBe(2)
    expect(out.stderr).toMatch(/base: old-dyno \([0-9a-f]{7}\): its dyno does not serve the round protocol compare-refs needs/)
    expect(out.stderr).toContain("unknown command '__round'")
    expect(out.stderr).not.toMatch(/^\s+at /m)
  }, 120_000)

  it('says in one line that a ref does not exist, with exit 2', () => {
    const out = dyno(['compare-refs', 'no-such-branch', 'main'])
    expect(out.code).toBe(2)
    expect(out.stderr).toContain("'no-such-branch' does not name a commit")
    expect(out.stderr).not.toMatch(/^\s+at /m)
  })

  it('shards a comparison and merges the shards back, and refuses shards of different comparisons', () => {
    const shards = path.join(tmp, 'shards')
    const shard = (i: number, headRef: string) =>
      dyno(['compare-refs', 'main', headRef, '--quick', '--shard', `${i}/2`, '--no-report', '--out', path.join(shards, `${headRef}-${i}`)])
    const results = [shard(1, 'docs-only'), shard(2, 'docs-only')]
    for (const r of results) expect(r.code, r.stderr).toBe(0)
    // One scenario, two shards: one shard measures it, the other is empty but still a shard.
    expect(results.map((r) => /shard \d\/2: (\d) of 1 selected/.exec(r.stderr)?.[1]).sort()).toEqual(['0', '1'])
    const merged = dyno(['merge', path.join(shards, 'docs-only-1'), path.join(shards, 'docs-only-2'), '--format', 'json', '--no-report'])
    expect(merged.code, merged.stderr).toBe(0)
    const verdicts = JSON.parse(merged.stdout) as { comparisons: { scenarioId: string; head: { variant: string } }[] }
    expect(verdicts.comparisons.map((c) => `${c.scenarioId} ${c.head.variant}`).sort()).toEqual(['tiny/work after', 'tiny/work before'])

    const other = shard(2, 'broken')
    expect(other.code).not.toBe(2)
    const mixed = dyno(['merge', path.join(shards, 'docs-only-1'), path.join(shards, 'broken-2')])
    expect(mixed.code).toBe(2)
    expect(mixed.stderr).toMatch(/head commit differs: [0-9a-f]{40} in shard 1\/2/)
  }, 400_000)

  it('rebuilds the report of a compare-refs run from its result files', () => {
    const last = runs().sort().at(-1) as string
    const out = dyno(['report', last, '--out', path.join(tmp, 'again.html')])
    expect(out.code, out.stderr).toBe(0)
    expect(readFileSync(path.join(tmp, 'again.html'), 'utf8')).toContain('dyno compare-refs')
  })
})
