import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { DynoError } from '@dyno/core'
import { loadProject, type Project } from '../config/load-project.js'
import { globToRegExp, splitPattern } from './glob-pattern.js'

/**
 * Finds scenario files the way `dyno run` does. Each entry of `patterns` is a glob
 * (`**\/*.scenario.ts`), a directory (searched for `*.scenario.{ts,mts,js,mjs}` at any depth)
 * or a file (taken as it is). Dependency, build and output directories are never searched, nor
 * anything that matches an `exclude` pattern.
 */
export const SCENARIO_FILE = /\.scenario\.(ts|mts|js|mjs)$/
const SCENARIO_FILES_BELOW = '**/*.scenario.{ts,mts,js,mjs}'
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'coverage', 'results', 'reports'])

export interface ScenarioSearch {
  /** Directory the patterns are relative to: the project root for a config file, the working directory for --scenarios. */
  from: string
  patterns: readonly string[]
  /** The project root; `exclude` patterns are relative to it. */
  root: string
  exclude: readonly string[]
  /** Further directories never searched (absolute): the results and reports directories. */
  skipDirs: readonly string[]
  /** Where the patterns came from, for messages: '--scenarios' or the config file's name. */
  origin: string
}

const toPosix = (p: string) => p.split(path.sep).join('/')

async function statOrNull(p: string) {
  try {
    return await stat(p)
  } catch {
    return null
  }
}

export async function findScenarioFiles(search: ScenarioSearch): Promise<string[]> {
  const excluded = search.exclude.map(globToRegExp)
  const skipDirs = new Set(search.skipDirs.map((d) => path.resolve(d)))
  const isExcluded = (full: string) => {
    const rel = toPosix(path.relative(search.root, full))
    return !rel.startsWith('..') && excluded.some((re) => re.test(rel))
  }
  const found: string[] = []
  const missing: string[] = []

  const walk = async (dir: string, base: string, match: RegExp): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || skipDirs.has(full) || isExcluded(full)) continue
        await walk(full, base, match)
      } else if (entry.isFile() && match.test(toPosix(path.relative(base, full))) && !isExcluded(full)) {
        found.push(full)
      }
    }
  }

  for (const pattern of search.patterns) {
    const { base, rest } = splitPattern(toPosix(pattern))
    const start = path.resolve(search.from, base)
    const info = await statOrNull(start)
    if (rest === '') {
      if (info === null) missing.push(pattern)
      else if (info.isDirectory()) await walk(start, start, globToRegExp(SCENARIO_FILES_BELOW))
      else found.push(start)
    } else if (info?.isDirectory()) {
      await walk(start, start, globToRegExp(rest))
    }
  }
  if (missing.length > 0) {
    throw new DynoError('scenario-path-missing', `scenario path${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')}`, {
      hint:
        search.origin === '--scenarios'
          ? 'pass existing files, directories or glob patterns to --scenarios'
          : `fix \`scenarios\` in ${search.origin}; entries are relative to its directory`,
    })
  }
  return [...new Set(found)]
}

/** The search `dyno run` makes in a project: the config's patterns, or --scenarios instead of them. */
export function projectScenarioSearch(project: Project, cwd: string, scenarioPaths: readonly string[] = []): ScenarioSearch {
  const fromFlags = scenarioPaths.length > 0
  return {
    from: fromFlags ? cwd : project.root,
    patterns: fromFlags ? scenarioPaths : project.settings.scenarios,
    root: project.root,
    exclude: project.settings.exclude,
    skipDirs: [project.settings.resultsDir, project.settings.reportsDir],
    origin: fromFlags
      ? '--scenarios'
      : project.configFile !== null
        ? path.relative(cwd, project.configFile) || project.configFile
        : 'the defaults',
  }
}

/** Scenario files of a loaded project, as `dyno run` finds them from `cwd`. */
export async function findProjectScenarioFiles(project: Project, cwd: string, scenarioPaths: readonly string[] = []): Promise<string[]> {
  return findScenarioFiles(projectScenarioSearch(project, cwd, scenarioPaths))
}

/**
 * Scenario files as `dyno run` finds them when started in `cwd`: the `--scenarios` paths if
 * any are given, else the patterns of the project's config file (found from `cwd`), else the
 * default pattern. One call for tools that work in another checkout, such as compare-refs.
 */
export async function discoverScenarioFiles(scenarioPaths: readonly string[], cwd: string): Promise<string[]> {
  return findProjectScenarioFiles(await loadProject(cwd), cwd, scenarioPaths)
}
