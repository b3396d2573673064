import path from 'node:path'
import { DynoError, type LoadedScenario } from '@dyno/core'
import { loadProject, type Project } from '../config/load-project.js'
import { findScenarioFiles, projectScenarioSearch } from '../load/discover-scenario-files.js'
import { loadScenarioFiles } from '../load/load-scenarios.js'
import { selectScenarios } from '../load/select-scenarios.js'

/** Discover, load and select scenarios: the first step of `list`, `run` and `calibrate`. */
export async function loadSelectedScenarios(
  ids: readonly string[],
  scenarioPaths: readonly string[],
  cwd: string,
  /** The project, when the caller has loaded it already; else it is loaded from `cwd`. */
  project?: Project,
): Promise<LoadedScenario[]> {
  const found = project ?? (await loadProject(cwd))
  const search = projectScenarioSearch(found, cwd, scenarioPaths)
  const files = await findScenarioFiles(search)
  if (files.length === 0) {
    const patterns = search.patterns.join(', ')
    const where =
      search.origin === '--scenarios'
        ? `nothing matches --scenarios ${patterns}`
        : found.configFile !== null
          ? `nothing matches the scenarios of ${search.origin} (${patterns})`
          : `none below ${path.relative(cwd, found.root) || '.'} is named like ${patterns}`
    throw new DynoError('no-scenarios', `no scenario files were found: ${where}`, {
      hint: 'scenario files are named *.scenario.ts (or .mts/.js/.mjs); set `scenarios` in dyno.config.ts, pass --scenarios PATH, or run `dyno init`',
    })
  }
  return selectScenarios(await loadScenarioFiles(files, cwd), ids)
}
