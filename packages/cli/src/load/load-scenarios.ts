import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { DynoError, type LoadedScenario, scenariosInModule } from '@dyno/core'
import { ensureTypeScriptLoader } from './typescript-loader.js'

/**
 * Imports scenario files, TypeScript included, without a build step (see
 * typescript-loader.ts). Every file that fails to load is reported, not just the first.
 */
export { childExecArgv } from './typescript-loader.js'

export async function loadScenarioFiles(files: readonly string[], cwd: string): Promise<LoadedScenario[]> {
  ensureTypeScriptLoader()
  const loaded: LoadedScenario[] = []
  const problems: string[] = []
  for (const file of files) {
    const shown = path.relative(cwd, file) || file
    try {
      const namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>
      const scenarios = scenariosInModule(namespace)
      if (scenarios.length === 0) problems.push(`${shown}: exports no scenario (write \`export default defineScenario({ … })\`)`)
      for (const scenario of scenarios) loaded.push({ scenario, sourceFile: file })
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
      problems.push(`${shown}: cannot be loaded: ${message}`)
    }
  }
  if (problems.length > 0) {
    throw new DynoError('scenario-load-failed', `${problems.length} scenario file${problems.length > 1 ? 's' : ''} could not be loaded`, {
      details: problems,
      hint: 'fix the files above (set DYNO_DEBUG=1 to see stack traces)',
    })
  }
  return loaded
}
