import { execFile, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * dyno as a user gets it: the three packages packed with `npm pack` (as they would be
 * published), installed with `npm i -D` into fresh npm projects outside the repository, and
 * driven only through `npx dyno` and `npm run bench`. Nothing here may depend on the
 * monorepo's layout: if a package reads a file outside itself, or misses one in `files`, or
 * needs a dependency it does not declare, these tests fail.
 *
 * Two projects, installed once each (in parallel) from tarballs packed once:
 * - a plain JavaScript project straight from `npm init -y` (CommonJS), where `dyno init`
 *   writes everything and nothing is edited before `npm run bench`;
 * - a TypeScript ESM project with a function of its own, where the test adds a TypeScript
 *   scenario that imports a helper module of its own by relative path.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url))
const PACKAGES = ['core', 'report', 'cli']
const run = promisify(execFile)

interface Result {
  code: number | null
  stdout: string
  stderr: string
}

/** The environment of a user's shell: none of the npm variables of the `npm test` that runs us, no dyno settings. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|DYNO_|INIT_CWD$|VITEST|NODE_OPTIONS$)/i.test(key)) env[key] = value
  }
  return { ...env, NO_COLOR: '1', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...extra }
}

function sh(cwd: string, command: string, args: string[], extra: Record<string, string> = {}): Result {
  const r = spawnSync(command, args, { cwd, env: userEnv(extra), encoding: 'utf8', timeout: 180_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const dyno = (cwd: string, args: string[], extra: Record<string, string> = {}) => sh(cwd, 'npx', ['--no', 'dyno', ...args], extra)
const shown = (r: Result) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`
const noStack = (r: Result) => expect(r.stderr).not.toMatch(/^\s+at /m)

let work: string
const packed: Record<string, { filename: string; files: string[] }> = {}
let plain: string
let typed: string

async function install(dir: string, more: string[] = []): Promise<void> {
  const tarballs = PACKAGES.map((p) => path.join(work, 'packs', packed[p]?.filename as string))
  await run('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs, ...more], {
    cwd: dir,
    env: userEnv(),
    timeout: 240_000,
  })
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), content)
  }
}

/** Run directories under results/ (not baselines), oldest first. */
const runDirs = (dir: string) =>
  readdirSync(path.join(dir, 'results'))
    .filter((d) => /^\d{8}T\d{6}Z-/.test(d))
    .sort()

function htmlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) htmlFiles(full, out)
    else if (entry.endsWith('.html')) out.push(full)
  }
  return out
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'dyno-packaging-'))
  mkdirSync(path.join(work, 'packs'))
  for (const name of PACKAGES) {
    const out = sh(path.join(REPO, 'packages', name), 'npm', ['pack', '--json', '--pack-destination', path.join(work, 'packs')])
    expect(out.code, shown(out)).toBe(0)
    const [info] = JSON.parse(out.stdout.slice(out.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[]
    packed[name] = { filename: info?.filename as string, files: (info?.files ?? []).map((f) => f.path) }
  }

  plain = path.join(work, 'plain-app')
  mkdirSync(plain)
  expect(sh(plain, 'npm', ['init', '-y']).code).toBe(0)

  typed = path.join(work, 'text-tools')
  write(typed, {
    'package.json': `${JSON.stringify({ name: '@acme/text-tools', version: '1.0.0', type: 'module', main: 'dist/index.js', types: 'dist/index.d.ts' }, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        include: ['src', 'bench', 'perf', 'dyno.config.ts'],
      },
      null,
      2,
    )}\n`,
    'src/index.ts': `/** Lower-case, ASCII-only, dash-separated. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
`,
  })
  // A TypeScript project for Node has Node's types; the ones the repository itself uses.
  await Promise.all([install(plain), install(typed, ['@types/node@^20.19.0'])])
}, 300_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('the packed packages', () => {
  it('ship their built code, the CLI launcher and the schema, and no tests or build state', () => {
    for (const name of PACKAGES) {
      const files = packed[name]?.files ?? []
      expect(files, name).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts']))
      expect(
        files.filter((f) => /\.test\.|tsbuildinfo|fixtures/.test(f)),
        name,
      ).toEqual([])
    }
    expect(packed.cli?.files).toEqual(expect.arrayContaining(['bin/dyno.js', 'dist/bin.js', 'dist/config.js', 'dist/config.d.ts']))
    // Every file an export condition names is in the tarball, the `source` one (src/, for the
    // repository's own tests) included, so no resolver that picks it finds a hole.
    for (const name of PACKAGES) {
      const manifest = JSON.parse(readFileSync(path.join(REPO, 'packages', name, 'package.json'), 'utf8')) as {
        exports: Record<string, string | Record<string, string>>
      }
      const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))
      for (const target of targets) expect(packed[name]?.files, `${name} ${target}`).toContain(target.replace(/^\.\//, ''))
    }
    expect(packed.core?.files).toEqual(expect.arrayContaining(['schema/result-v1.schema.json', 'dist/orchestrate/round-child.js']))
  })

  it('install only what a scenario needs: no database driver, container runtime, browser or test tool', () => {
    const installed = readdirSync(path.join(plain, 'node_modules'))
    for (const absent of [
      'mysql2',
      'node-firebird',
      'better-sqlite3',
      'testcontainers',
      'playwright-core',
      'typescript',
      'vitest',
      '@biomejs',
    ]) {
      expect(installed, absent).not.toContain(absent)
    }
    expect(readdirSync(path.join(plain, 'node_modules', '@dyno')).sort()).toEqual(['cli', 'core', 'report'])
  })
})

describe('a plain JavaScript project, set up by dyno init and not edited', () => {
  it('gets an example scenario, a config file, .gitignore entries and a bench script', () => {
    const out = dyno(plain, ['init'])
    expect(out.code, shown(out)).toBe(0)
    expect(out.stdout).toContain('wrote    bench/example.scenario.mjs')
    expect(out.stdout).toContain('wrote    dyno.config.mjs')
    expect(readFileSync(path.join(plain, '.gitignore'), 'utf8')).toContain('/results/*\n!/results/baselines/\n/reports/\n')
    expect(JSON.parse(readFileSync(path.join(plain, 'package.json'), 'utf8')).scripts.bench).toBe('dyno run')
  })

  it('runs the example with npm run bench: results, a report, the verdict, exit 0', () => {
    const out = sh(plain, 'npm', ['run', 'bench', '--', '--quick', '--seed', '1'])
    expect(out.code, shown(out)).toBe(0)
    expect(out.stdout).toMatch(/✓ improved\s+plain-app\/repeated-words\s+after vs before\s+nsPerOp/)
    expect(out.stdout).toMatch(/budget\s+pass: after median nsPerOp < 1 ms/)
    const [runId] = runDirs(plain)
    expect(existsSync(path.join(plain, 'results', runId as string, 'plain-app', 'repeated-words.json'))).toBe(true)
    expect(existsSync(path.join(plain, 'reports', runId as string, 'index.html'))).toBe(true)
    expect(out.stdout).toContain(`Report: reports/${runId}/index.html`)
  })

  it('saves a baseline and compares against it by name (exit 0), and refuses a bad name with one line (exit 2)', () => {
    expect(dyno(plain, ['baseline', 'save', 'main']).code).toBe(0)
    const same = dyno(plain, ['compare', 'main', 'latest'])
    expect(same.code, shown(same)).toBe(0)
    expect(same.stdout).toContain('Gate: PASS (exit 0)')
    const bad = dyno(plain, ['compare', 'main', 'yesterday'])
    expect(bad.code, shown(bad)).toBe(2)
    expect(bad.stderr).toContain("dyno: 'yesterday' is not a result file, a run directory, a run id or a saved baseline")
    noStack(bad)
    const flag = dyno(plain, ['run', '--rounds', 'many'])
    expect(flag.code).toBe(2)
    noStack(flag)
  })

  it('leaves everything as it is when dyno init runs again', () => {
    const before = readFileSync(path.join(plain, 'package.json'), 'utf8') + readFileSync(path.join(plain, '.gitignore'), 'utf8')
    const out = dyno(plain, ['init'])
    expect(out.code).toBe(0)
    expect(out.stdout).not.toContain('wrote')
    expect(out.stdout.match(/skipped/g)).toHaveLength(4)
    expect(readFileSync(path.join(plain, 'package.json'), 'utf8') + readFileSync(path.join(plain, '.gitignore'), 'utf8')).toBe(before)
  })

  it('publishes a site whose every relative link resolves to a file in it', () => {
    const out = dyno(plain, ['publish'])
    expect(out.code, shown(out)).toBe(0)
    const site = path.join(plain, 'reports', 'site')
    expect(out.stdout).toContain('Site: reports/site/index.html')
    const pages = htmlFiles(site)
    expect(pages.map((p) => path.relative(site, p)).sort()).toEqual(
      ['index.html', 'scenarios/plain-app--repeated-words.html', ...runDirs(plain).map((id) => `runs/${id}/index.html`)].sort(),
    )
    for (const page of pages) {
      for (const [, href] of readFileSync(page, 'utf8').matchAll(/href="([^"#]+)"/g)) {
        expect(href, page).not.toMatch(/^[a-z]+:|^\//)
        expect(existsSync(path.resolve(path.dirname(page), href as string)), `${path.relative(site, page)} → ${href}`).toBe(true)
      }
    }
  })
})

describe('a TypeScript project with a function of its own', () => {
  const helper = `// A helper module of the scenario: titles to slugify, and a slower copy of the job.
export function titles(count: number): string[] {
  return Array.from({ length: count }, (_, i) => \`Ärger im Büro, Teil \${i}: Größe & Maße!\`)
}

/** Does the work \`times\` times, standing in for a change that made the code slower. */
export function repeat<T>(times: number, job: () => T): T {
  let result = job()
  for (let i = 1; i < times; i++) result = job()
  return result
}
`
  const scenario = `import { defineScenario, micro } from '@dyno/core'
import { slugify } from '../src/index.js'
import { repeat, titles } from './slug-helpers.js'

// ACME_SLOWDOWN=3 makes every variant do three times the work: a commit that made it slower.
const times = Number(process.env.ACME_SLOWDOWN ?? '1')

export default defineScenario({
  id: 'text-tools/slugify',
  description: 'Slugify 200 titles: one at a time vs joined into one string',
  runner: micro({ roundMs: 40 }),
  setup: ({ quick }) => titles(quick ? 100 : 200),
  variants: {
    each: { baseline: true, prepare: (list) => () => repeat(times, () => list.map(slugify)) },
    joined: { prepare: (list) => () => repeat(times, () => slugify(list.join('\\u0000')).split('-0-')) },
  },
})
`
  const job = `import { defineScenario, throughput } from '@dyno/core'
import { slugify } from '../src/index.js'
import { titles } from './slug-helpers.js'

export default defineScenario({
  id: 'text-tools/slugify-job',
  description: 'Slugify 5,000 titles as one job, each round in a fresh process',
  runner: throughput({ unit: 'titles', units: (slugs: string[]) => slugs.length, isolation: 'process' }),
  setup: () => titles(5000),
  variants: {
    map: { baseline: true, prepare: (list) => () => list.map(slugify) },
    loop: {
      prepare: (list) => () => {
        const out: string[] = []
        for (const title of list) out.push(slugify(title))
        return out
      },
    },
  },
})
`
  const needsMysql = `import { defineScenario, micro } from '@dyno/core'

export default defineScenario({
  id: 'text-tools/store-slugs',
  description: 'Store slugs in MySQL',
  runner: micro(),
  requires: [{ kind: 'database', engine: 'mysql' }],
  variants: {
    a: { baseline: true, prepare: () => () => 1 },
    b: { prepare: () => () => 2 },
  },
})
`

  beforeAll(() => {
    const out = dyno(typed, ['init'])
    expect(out.code, shown(out)).toBe(0)
    write(typed, {
      'perf/slug-helpers.ts': helper,
      'perf/slugify.scenario.ts': scenario,
      'perf/slugify-job.scenario.ts': job,
      'perf/store-slugs.scenario.ts': needsMysql,
    })
  })

  it('gets a TypeScript example that points at the project entry and its exported function', () => {
    const example = readFileSync(path.join(typed, 'bench', 'example.scenario.ts'), 'utf8')
    expect(example).toContain("this project's entry is src/index.ts, which exports slugify")
    expect(example).toContain("//   import { slugify } from '../src/index.js'")
    expect(existsSync(path.join(typed, 'dyno.config.ts'))).toBe(true)
    const list = dyno(typed, ['list', '--json'])
    expect(list.code, shown(list)).toBe(0)
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ id: 'text-tools/repeated-words', file: 'bench/example.scenario.ts' }),
    ])
  })

  it('typechecks the example, the config and the new scenario against the installed type declarations', () => {
    const out = sh(typed, process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'])
    expect(out.code, shown(out)).toBe(0)
  })

  it('runs a TypeScript scenario with a helper module, and exits 1 when a later run regressed', () => {
    const first = dyno(typed, ['run', '--scenarios', 'perf/slugify.scenario.ts', '--quick', '--rounds', '10', '--seed', '3'])
    expect(first.code === 0 || first.code === 1, shown(first)).toBe(true)
    expect(first.stdout).toContain('text-tools/slugify')
    const slower = dyno(
      typed,
      ['run', '--scenarios', 'perf', 'text-tools/slugify', '--quick', '--rounds', '10', '--seed', '3', '--no-report'],
      {
        ACME_SLOWDOWN: '3',
      },
    )
    expect(slower.code === 0 || slower.code === 1, shown(slower)).toBe(true)
    const [base, head] = runDirs(typed)
    const same = dyno(typed, ['compare', base as string, base as string])
    expect(same.code, shown(same)).toBe(0)
    const compared = dyno(typed, ['compare', base as string, head as string])
    expect(compared.code, shown(compared)).toBe(1)
    expect(compared.stdout).toMatch(/✗ regressed\s+text-tools\/slugify\s+each/)
    expect(compared.stdout).toContain('Gate: FAIL (exit 1)')
  })

  it('runs throughput rounds in child processes that load the TypeScript scenario and its helper the same way', async () => {
    const out = dyno(typed, [
      'run',
      'text-tools/slugify-job',
      '--scenarios',
      'perf',
      '--quick',
      '--rounds',
      '3',
      '--no-report',
      '--format',
      'json',
    ])
    expect(out.code === 0 || out.code === 1, shown(out)).toBe(true)
    const [file] = (JSON.parse(out.stdout) as { files: string[] }).files
    const result = JSON.parse(readFileSync(file as string, 'utf8')) as {
      variants: { status: string; rounds: { isolation: string; status: string }[] }[]
    }
    expect(result.variants.map((v) => v.status)).toEqual(['completed', 'completed'])
    expect(result.variants.flatMap((v) => v.rounds.map((r) => `${r.isolation} ${r.status}`))).toEqual(Array(6).fill('process ok'))
  })

  it('exits 3, naming the need, when a scenario asked for by id needs a database this machine cannot provide', () => {
    const out = dyno(typed, ['run', 'text-tools/store-slugs', '--scenarios', 'perf', '--quick'])
    expect(out.code, shown(out)).toBe(3)
    expect(out.stderr).toContain('text-tools/store-slugs')
    expect(out.stderr).toContain('mysql database')
    noStack(out)
  })

  it('reports every problem of a broken config at once, with the file and field, and exits 2', () => {
    const config = path.join(typed, 'dyno.config.ts')
    const original = readFileSync(config, 'utf8')
    try {
      writeFileSync(config, "export default { threshold: 'a lot', budgets: [{ metric: 'nsPerOp' }], colour: 'red' }\n")
      const out = dyno(typed, ['run'])
      expect(out.code, shown(out)).toBe(2)
      expect(out.stderr).toContain('dyno: 3 problems in dyno.config.ts')
      expect(out.stderr).toContain("dyno.config.ts: threshold: 'a lot' is not a threshold")
      expect(out.stderr).toContain('dyno.config.ts: budgets[0]: needs max or min')
      expect(out.stderr).toContain('dyno.config.ts: colour: unknown field')
      noStack(out)
    } finally {
      writeFileSync(config, original)
    }
  })
})
