import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importSpecifiers, violationsOf, workspacePackages } from './dependency-rules.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

function fakePackage(name: string, deps: Record<string, string>, source: string): { name: string; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dyno-deps-'))
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, dependencies: deps }))
  mkdirSync(path.join(dir, 'src'))
  writeFileSync(path.join(dir, 'src', 'index.ts'), source)
  return { name, dir }
}

describe('package dependency rules', () => {
  it('hold for every workspace package', () => {
    const packages = workspacePackages(root)
    expect(packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['@dyno/core', '@dyno/report', '@dyno/cli', '@sut/import-pipeline', '@dyno/scenarios']),
    )
    expect(packages.flatMap(violationsOf)).toEqual([])
  })

  it('catch core importing another workspace package or a database driver', () => {
    const pkg = fakePackage(
      '@dyno/core',
      { '@dyno/report': '0.1.0' },
      "import { x } from '@dyno/report'\nimport mysql from 'mysql2/promise'\n",
    )
    expect(violationsOf(pkg)).toEqual([
      '@dyno/core package.json dependencies lists @dyno/report',
      '@dyno/core src/index.ts imports @dyno/report',
      '@dyno/core src/index.ts imports mysql2/promise, which does not belong in this package',
    ])
  })

  it('catch a system under test that knows about the harness, and anyone importing the CLI', () => {
    expect(violationsOf(fakePackage('@sut/thing', {}, "export { defineScenario } from '@dyno/core'\n"))).toEqual([
      '@sut/thing src/index.ts imports @dyno/core',
    ])
    expect(violationsOf(fakePackage('@dyno/report', {}, "const m = await import('@dyno/cli')\n"))).toEqual([
      '@dyno/report src/index.ts imports @dyno/cli',
    ])
  })

  it('catch relative imports that climb out of the package', () => {
    expect(violationsOf(fakePackage('@dyno/report', {}, "import '../../core/src/index.js'\n"))[0]).toMatch(/reaches outside its package/)
  })

  it('find static, re-export, side-effect and dynamic imports', () => {
    const source = "import a from 'a'\nimport type { B } from 'b'\nexport { c } from 'c'\nimport 'd'\nawait import('e')\n"
    expect(importSpecifiers(source)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})
