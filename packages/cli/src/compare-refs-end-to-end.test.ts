import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readResultFile } from '@dyno/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * `dyno compare-refs` end to end: a temporary git repository (outside this one) holds a tiny
 * npm project with one micro scenario, and branches change its code — not at all, 30%
 * slower, broken. The built `dyno` binary of this worktree compares them as a user would.
 *
 * How the tiny project gets dyno: its package.json depends on this worktree's packages/core
 * and packages/cli through `file:` paths, and it has no lockfile. npm installs a `file:`
 * directory as a symlink, so no registry or tarball is involved and an install takes well
 * under a second; the linked packages find their own dependencies in this worktree's
 * node_modules. A lockfile would record the links as paths relative to the project, which
 * break when compare-refs checks a commit out into its build cache elsewhere; without one,
 * compare-refs runs `npm install --no-package-lock`. Both sides therefore run this
 * worktree's dyno, and what differs between the commits is the code under test.
 */
const BIN = fileURLToPath(new URL('../bin/dyno.js', import.meta.url))
const PACKAGES = fileURLToPath(new URL('../../', import.meta.url))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

let tmp: string
let repo: string
let cache: string

function dyno(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: repo,
    env: { ...process.env, NO_COLOR: '1', DYNO_CACHE_DIR: cache, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true })
  writeFileSync(path.join(repo, file), text)
}

/** The code under test: a CPU loop whose length the commits change. */
const work = (size: number, broken = false) => `export const SIZE = ${size}
export function checksum(n) {
  ${broken ? "throw new Error('checksum: broken on this branch')" : ''}
  let x = 0
  for (let i = 0; i < n; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}
`

function branch(name: string, change: () => void): void {
  git('checkout', '-q', '-b', name, 'main')
  change()
  git('add', '-A')
  git('commit', '-q', '-m', name)
  git('checkout', '-q', 'main')
}

function newRunDir(before: readonly string[]): string {
  const runs = readdirSync(path.join(repo, 'results')).filter((d) => !before.includes(d))
  expect(runs).toHaveLength(1)
  return path.join(repo, 'results', runs[0] as string)
}

function runs(): string[] {
  return existsSync(path.join(repo, 'results')) ? readdirSync(path.join(repo, 'results')) : []
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dyno-refs-e2e-'))
  repo = path.join(tmp, 'repo')
  cache = path.join(tmp, 'cache')
  mkdirSync(repo)
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'test@example.com')
  git('config', 'user.name', 'test')
  write(
    'package.json',
    `${JSON.stringify(
      {
        name: 'tiny-project',
        private: true,
        type: 'module',
        // The scenario imports the built code by the package's own name.
        exports: { './work': './dist/work.js' },
        // The build step is real: the scenario imports dist/, which only the build creates.
        scripts: { build: 'node build.mjs' },
        dependencies: { '@dyno/core': `file:${path.join(PACKAGES, 'core')}`, '@dyno/cli': `file:${path.join(PACKAGES, 'cli')}` },
      },
      null,
      2,
    )}\n`,
  )
  write('build.mjs', "import { cpSync } from 'node:fs'\ncpSync('src', 'dist', { recursive: true })\n")
  write('src/work.js', work(20_000))
  write(
    'scenarios/tiny/work.scenario.mjs',
    `import { defineScenario, micro } from '@dyno/core'
import { checksum, SIZE } from 'tiny-project/work'

export default defineScenario({
  id: 'tiny/work',
  description: 'A CPU loop standing in for the code under test',
  runner: micro({ roundMs: 20 }),
  variants: {
    before: { baseline: true, prepare: () => () => checksum(SIZE) },
    after: { prepare: () => () => checksum(SIZE) },
  },
})
`,
  )
  write('.gitignore', 'node_modules\ndist\nresults\nreports\n')
  git('add', '-A')
  git('commit', '-q', '-m', 'base')
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
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    pkg.dependencies['@dyno/cli'] = 'file:./old-cli'
    write('package.json', JSON.stringify(pkg, null, 2))
    write('old-cli/package.json', JSON.stringify({ name: '@dyno/cli', version: '0.1.0', bin: { dyno: 'dyno.js' } }))
    write('old-cli/dyno.js', 'console.error("error: unknown command \'__round\'")\nprocess.exit(1)\n')
  })
})

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true })
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

  it('fails a 30% slowdown on HEAD with exit 1 and names the scenario in the terminal, the Markdown and the HTML report', () => {
    const before = runs()
    // The summary goes outside the repository: an untracked file would make the tree dirty.
    const summary = path.join(tmp, 'summary.md')
    // Adaptive sampling, as users run it: on this shared machine a round now and then is
    // disturbed (one process descheduled); the stopping rule then keeps sampling until the
    // interval is precise again, where a fixed small number of rounds would stay inconclusive.
    const out = dyno(['compare-refs', 'main', 'slower', '--max-rounds', '30', '--markdown', summary])
    expect(out.code, out.stdout + out.stderr).toBe(1)
    expect(out.stdout).toMatch(/✗ regressed\s+tiny\/work\s+after\s+nsPerOp\s+\+/)
    expect(out.stdout).toContain('Gate: FAIL (exit 1)')
    const markdown = readFileSync(summary, 'utf8')
    expect(markdown).toMatch(/^## dyno compare-refs slower \([0-9a-f]{7}\) vs main \([0-9a-f]{7}\): ❌ fail/m)
    expect(markdown).toMatch(/\| ✗ regressed \| tiny\/work \| after \| nsPerOp \|/)
    const runDir = newRunDir(before)
    const html = readFileSync(path.join(repo, 'reports', path.basename(runDir), 'index.html'), 'utf8')
    expect(html).toContain('tiny/work')
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
