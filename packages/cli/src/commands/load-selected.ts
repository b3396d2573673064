import { DynoError, type LoadedScenario } from '@dyno/core'
import { discoverScenarioFiles } from '../load/discover-scenario-files.js'
import { loadScenarioFiles } from '../load/load-scenarios.js'
import { selectScenarios } from '../load/select-scenarios.js'

/** Discover, load and select scenarios: the first step of `list` and `run`. */
export async function loadSelectedScenarios(
  ids: readonly string[],
  scenarioPaths: readonly string[],
  cwd: string,
): Promise<LoadedScenario[]> {
  const files = await discoverScenarioFiles(scenarioPaths, cwd)
  if (files.length === 0) {
    throw new DynoError('no-scenarios', 'no scenario files were found', {
      hint: 'scenario files are named *.scenario.ts (or .mts/.js/.mjs) under scenarios/; pass --scenarios PATH to look elsewhere',
    })
  }
  return selectScenarios(await loadScenarioFiles(files, cwd), ids)
}
