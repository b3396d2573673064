import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The temporary git repository the compare-refs end-to-end tests compare commits of: a tiny
 * npm project with one micro scenario (`tiny/work`, two variants calling the same code), on a
 * `main` branch; each test file adds the branches it needs.
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
export const BIN = fileURLToPath(new URL('../bin/dyno.js', import.meta.url))
const PACKAGES = fileURLToPath(new URL('../../', import.meta.url))

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** The code under test: a CPU loop whose length the commits change. */
export const work = (size: number, broken = false) => `export const SIZE = ${size}
export function checksum(n) {
  ${broken ? "throw new Error('checksum: broken on this branch')" : ''}
  let x = 0
  for (let i = 0; i < n; i++) x = (Math.imul(x, 31) + i) | 0
  return x
}
`

export class TinyRefsRepo {
  readonly tmp: string
  readonly repo: string
  /** The build cache of every comparison in this repository. */
  readonly cache: string

  constructor(prefix: string) {
    this.tmp = mkdtempSync(path.join(os.tmpdir(), prefix))
    this.repo = path.join(this.tmp, 'repo')
    this.cache = path.join(this.tmp, 'cache')
    mkdirSync(this.repo)
    this.git('init', '-q', '-b', 'main')
    this.git('config', 'user.email', 'test@example.com')
    this.git('config', 'user.name', 'test')
    this.write('package.json', `${JSON.stringify(this.packageJson({}), null, 2)}\n`)
    this.write('build.mjs', "import { cpSync } from 'node:fs'\ncpSync('src', 'dist', { recursive: true })\n")
    this.write('src/work.js', work(20_000))
    this.write(
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
    this.write('.gitignore', 'node_modules\ndist\nresults\nreports\n')
    this.git('add', '-A')
    this.git('commit', '-q', '-m', 'base')
  }

  /** The project's package.json, with `dependencies` overriding the links to this worktree's dyno. */
  packageJson(dependencies: Record<string, string>): object {
    return {
      name: 'tiny-project',
      private: true,
      type: 'module',
      // The scenario imports the built code by the package's own name.
      exports: { './work': './dist/work.js' },
      // The build step is real: the scenario imports dist/, which only the build creates.
      scripts: { build: 'node build.mjs' },
      dependencies: {
        '@dyno/core': `file:${path.join(PACKAGES, 'core')}`,
        '@dyno/cli': `file:${path.join(PACKAGES, 'cli')}`,
        ...dependencies,
      },
    }
  }

  dyno(args: string[], env: Record<string, string> = {}): Run {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd: this.repo,
      env: { ...process.env, NO_COLOR: '1', DYNO_CACHE_DIR: this.cache, ...env },
      encoding: 'utf8',
      timeout: 300_000,
    })
    return { code: result.status, stdout: result.stdout, stderr: result.stderr }
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
  }

  write(file: string, text: string): void {
    mkdirSync(path.dirname(path.join(this.repo, file)), { recursive: true })
    writeFileSync(path.join(this.repo, file), text)
  }

  /** A branch off main with one commit made by `change`; main stays checked out. */
  branch(name: string, change: () => void): void {
    this.git('checkout', '-q', '-b', name, 'main')
    change()
    this.git('add', '-A')
    this.git('commit', '-q', '-m', name)
    this.git('checkout', '-q', 'main')
  }

  /** Run directories under results/. */
  runs(): string[] {
    const results = path.join(this.repo, 'results')
    return existsSync(results) ? readdirSync(results) : []
  }

  /** The run directories that appeared since `before` was taken. */
  newRunDirs(before: readonly string[]): string[] {
    return this.runs()
      .filter((d) => !before.includes(d))
      .map((d) => path.join(this.repo, 'results', d))
  }

  remove(): void {
    rmSync(this.tmp, { recursive: true, force: true })
  }
}
