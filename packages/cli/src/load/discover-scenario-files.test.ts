import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Project } from '../config/load-project.js'
import { defaultSettings } from '../config/validate-config.js'
import { discoverScenarioFiles, findProjectScenarioFiles } from './discover-scenario-files.js'

let root: string
const files = [
  'a.scenario.ts',
  'src/b.scenario.mts',
  'src/helper.ts',
  'bench/c.scenario.js',
  'bench/legacy/d.scenario.mjs',
  'node_modules/pkg/e.scenario.ts',
  'dist/f.scenario.js',
  '.cache/g.scenario.ts',
  'results/h.scenario.ts',
  'out/reports/i.scenario.ts',
  'packages/x/test-fixtures/j.scenario.mjs',
]

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'dyno-discover-'))
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), '')
  }
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

function project(overrides: Partial<Project['settings']> = {}): Project {
  return { root, configFile: null, settings: { ...defaultSettings(root), ...overrides } }
}
const relative = (found: string[]) => found.map((f) => path.relative(root, f).split(path.sep).join('/'))

describe('scenario discovery', () => {
  it('finds scenario files at any depth by default, skipping dependencies, builds, dot-directories and outputs', async () => {
    const found = await findProjectScenarioFiles(project({ reportsDir: path.join(root, 'out', 'reports') }), root)
    expect(relative(found)).toEqual([
      'a.scenario.ts',
      'bench/c.scenario.js',
      'bench/legacy/d.scenario.mjs',
      'packages/x/test-fixtures/j.scenario.mjs',
      'src/b.scenario.mts',
    ])
  })

  it('applies the config patterns from the project root, wherever dyno was started, and its excludes', async () => {
    const found = await findProjectScenarioFiles(
      project({ scenarios: ['bench', 'src/*.scenario.mts'], exclude: ['**/legacy/**'] }),
      path.join(root, 'src'),
    )
    expect(relative(found)).toEqual(['bench/c.scenario.js', 'src/b.scenario.mts'])
  })

  it('takes --scenarios (files, directories, globs) from the working directory instead of the config patterns', async () => {
    const found = await findProjectScenarioFiles(project({ scenarios: ['nothing-here/**'] }), path.join(root, 'bench'), [
      'legacy',
      '../a.scenario.ts',
      '../src/*.mts',
    ])
    expect(relative(found)).toEqual(['bench/legacy/d.scenario.mjs', 'a.scenario.ts', 'src/b.scenario.mts'])
  })

  it('names a --scenarios path that does not exist', async () => {
    await expect(findProjectScenarioFiles(project(), root, ['bench', 'benhc'])).rejects.toMatchObject({
      code: 'scenario-path-missing',
      message: 'scenario path not found: benhc',
      hint: 'pass existing files, directories or glob patterns to --scenarios',
    })
  })

  it('finds the project and its config from the working directory in one call, as in another checkout', async () => {
    const checkout = mkdtempSync(path.join(os.tmpdir(), 'dyno-checkout-'))
    try {
      mkdirSync(path.join(checkout, 'perf', 'deep'), { recursive: true })
      writeFileSync(path.join(checkout, 'dyno.config.mjs'), "export default { scenarios: ['perf/*.scenario.mjs'] }\n")
      writeFileSync(path.join(checkout, 'perf', 'a.scenario.mjs'), '')
      writeFileSync(path.join(checkout, 'perf', 'deep', 'b.scenario.mjs'), '')
      writeFileSync(path.join(checkout, 'c.scenario.mjs'), '')
      const found = await discoverScenarioFiles([], path.join(checkout, 'perf', 'deep'))
      expect(found).toEqual([path.join(checkout, 'perf', 'a.scenario.mjs')])
    } finally {
      rmSync(checkout, { recursive: true, force: true })
    }
  })
})
