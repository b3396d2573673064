import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { initCommand } from '../commands/init-command.js'
import type { CliIo } from '../io.js'
import { detectProject, exportedFunctionNames, systemNameOf } from './detect-project.js'

const dirs: string[] = []
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dyno-init-'))
  dirs.push(dir)
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), content)
  }
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function io(cwd: string): CliIo & { output: () => string } {
  let out = ''
  return { out: (t) => (out += t), err: (t) => (out += t), color: false, interactive: false, cwd, env: {}, output: () => out }
}

describe('what dyno init learns about a project', () => {
  it('turns package names into scenario systems', () => {
    expect(systemNameOf('@acme/Text_Tools')).toBe('text-tools')
    expect(systemNameOf(undefined)).toBe('my-project')
  })

  it('finds exported functions in ESM and CommonJS source', () => {
    const source = `export function parse(x) {}\nexport async function load() {}\nexport const format = (d: Date): string => ''\nexports.legacy = function () {}\nexport const VERSION = '1'\n`
    expect(exportedFunctionNames(source)).toEqual(['parse', 'load', 'format', 'legacy'])
  })

  it('points at the source of an entry that has not been built, through exports', async () => {
    const root = project({ 'tsconfig.json': '{}', 'src/index.ts': 'export function slugify(s: string) { return s }\n' })
    const facts = await detectProject(root, { name: 'x', exports: { '.': { import: './dist/index.js', types: './dist/index.d.ts' } } })
    expect(facts).toMatchObject({ typescript: true, entry: 'src/index.ts', exportedFunctions: ['slugify'] })
  })

  it('finds no entry when package.json names a file that does not exist and there is no usual one', async () => {
    const facts = await detectProject(project({}), { name: 'x', main: 'index.js' })
    expect(facts).toMatchObject({ typescript: false, entry: null, exportedFunctions: [] })
  })
})

describe('dyno init', () => {
  it('refuses to run outside an npm project, with exit 2', async () => {
    await expect(initCommand({ dir: 'bench' }, io(project({})))).rejects.toMatchObject({ code: 'init-needs-package', exitKind: 'usage' })
  })

  it('keeps what the project has unless --force, and appends only missing .gitignore lines', async () => {
    const root = project({
      'package.json': '{\n    "name": "keep",\n    "scripts": { "bench": "node bench.js" }\n}\n',
      '.gitignore': 'node_modules\n/reports/\n',
      'bench/example.scenario.mjs': '// mine\n',
    })
    const first = io(root)
    expect(await initCommand({ dir: 'bench' }, first)).toBe(0)
    expect(first.output()).toContain('skipped  bench/example.scenario.mjs (exists; --force replaces it)')
    expect(first.output()).toContain('skipped  package.json (it has a bench script of its own; --force replaces it)')
    expect(first.output()).toContain('wrote    dyno.config.mjs')
    expect(readFileSync(path.join(root, 'bench/example.scenario.mjs'), 'utf8')).toBe('// mine\n')
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe(
      'node_modules\n/reports/\n\n# dyno: measurements and generated reports (named baselines in results/baselines/ may be committed)\n/results/*\n!/results/baselines/\n',
    )
    expect(await initCommand({ dir: 'bench', force: true }, io(root))).toBe(0)
    expect(readFileSync(path.join(root, 'bench/example.scenario.mjs'), 'utf8')).toContain("id: 'keep/repeated-words'")
    expect(readFileSync(path.join(root, 'package.json'), 'utf8')).toBe(
      '{\n    "name": "keep",\n    "scripts": {\n        "bench": "dyno run"\n    }\n}\n',
    )
  })

  it('does not write a second config file beside one of another extension', async () => {
    const root = project({ 'package.json': '{"name":"x"}', 'dyno.config.ts': 'export default {}\n' })
    const out = io(root)
    await initCommand({ dir: 'perf' }, out)
    expect(out.output()).toContain('skipped  dyno.config.mjs (the project already has dyno.config.ts)')
    expect(out.output()).toContain('wrote    perf/example.scenario.mjs')
  })
})
