import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { DynoError } from '@dyno/core'

/**
 * Finds scenario files: `*.scenario.{ts,mts,js,mjs}` below the given paths (files are taken
 * as they are). With no paths, the project's `scenarios/` directory if it exists, else the
 * working directory. Dependency, build and output directories are never searched.
 */
export const SCENARIO_FILE = /\.scenario\.(ts|mts|js|mjs)$/
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'results', 'reports', 'coverage'])

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, found)
    } else if (entry.isFile() && SCENARIO_FILE.test(entry.name)) {
      found.push(full)
    }
  }
}

export async function defaultScenarioRoots(cwd: string): Promise<string[]> {
  const conventional = path.join(cwd, 'scenarios')
  try {
    if ((await stat(conventional)).isDirectory()) return [conventional]
  } catch {
    // no scenarios/ directory: search the whole project
  }
  return [cwd]
}

export async function discoverScenarioFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const roots = paths.length > 0 ? paths.map((p) => path.resolve(cwd, p)) : await defaultScenarioRoots(cwd)
  const found: string[] = []
  const missing: string[] = []
  for (const root of roots) {
    let info: Awaited<ReturnType<typeof stat>>
    try {
      info = await stat(root)
    } catch {
      missing.push(root)
      continue
    }
    if (info.isDirectory()) await walk(root, found)
    else found.push(root)
  }
  if (missing.length > 0) {
    throw new DynoError(
      'scenario-path-missing',
      `scenario path${missing.length > 1 ? 's' : ''} not found: ${missing.map((m) => path.relative(cwd, m) || '.').join(', ')}`,
      {
        hint: 'pass existing files or directories to --scenarios',
      },
    )
  }
  return [...new Set(found)]
}
