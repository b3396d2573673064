import { stat } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { DynoError } from '@dyno/core'
import { ensureTypeScriptLoader } from '../load/typescript-loader.js'
import { CONFIG_FILE_NAMES } from './dyno-config.js'
import { defaultSettings, type ProjectSettings, validateConfig } from './validate-config.js'

/**
 * The project dyno works on, wherever in it the command was started: its root, its config
 * file (if any) and the settings from it. The root is the directory of the nearest
 * `dyno.config.*` at or above the working directory; without one it is the working directory
 * (as for vitest), so results never land somewhere the user did not start dyno. The search
 * stops at the enclosing git repository's top, so a config file outside the repository is
 * never picked up.
 *
 * Used by every command, and by anything else that needs to find a project's scenarios the
 * way `dyno run` does (e.g. in a checkout of another git ref).
 */
export interface Project {
  root: string
  configFile: string | null
  settings: ProjectSettings
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  )

async function configFilesIn(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const name of CONFIG_FILE_NAMES) if (await exists(path.join(dir, name))) found.push(path.join(dir, name))
  return found
}

/** The directories from `start` up to the repository's top (or the file system's root). */
async function ancestors(start: string): Promise<string[]> {
  const dirs: string[] = []
  let dir = path.resolve(start)
  for (;;) {
    dirs.push(dir)
    if (await exists(path.join(dir, '.git'))) break
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return dirs
}

export async function findConfigFile(cwd: string): Promise<string | null> {
  for (const dir of await ancestors(cwd)) {
    const found = await configFilesIn(dir)
    if (found.length > 1) {
      throw new DynoError(
        'config-ambiguous',
        `${dir} holds ${found.length} dyno config files: ${found.map((f) => path.basename(f)).join(', ')}`,
        {
          hint: 'keep one of them',
        },
      )
    }
    if (found[0] !== undefined) return found[0]
  }
  return null
}

/** The config object a module exports, whether it was loaded as ESM or compiled to CommonJS. */
function exportedConfig(namespace: Record<string, unknown>): unknown {
  const value = namespace.default
  if (typeof value === 'object' && value !== null && '__esModule' in value && 'default' in value)
    return (value as { default: unknown }).default
  return value
}

export async function loadConfigFile(file: string, cwd: string): Promise<{ root: string; settings: ProjectSettings }> {
  const shown = path.relative(cwd, file) || file
  const root = path.dirname(file)
  ensureTypeScriptLoader()
  let namespace: Record<string, unknown>
  try {
    namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new DynoError('config-load-failed', `${shown} cannot be loaded: ${message}`, {
      hint: 'fix the config file (set DYNO_DEBUG=1 to see the stack trace)',
      cause: error,
    })
  }
  const { settings, problems } = validateConfig(exportedConfig(namespace), root)
  if (problems.length > 0) {
    throw new DynoError('config-invalid', `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${shown}`, {
      details: problems.map((p) => `${shown}: ${p}`),
      hint: 'fix the config file; nothing was run',
    })
  }
  return { root, settings }
}

/** `configFile`: an explicit --config path (relative to cwd), which must exist. */
export async function loadProject(cwd: string, configFile?: string): Promise<Project> {
  let file: string | null
  if (configFile !== undefined) {
    file = path.resolve(cwd, configFile)
    if (!(await exists(file))) {
      throw new DynoError('config-missing', `config file not found: ${configFile}`, { hint: 'pass an existing file to --config' })
    }
  } else {
    file = await findConfigFile(cwd)
  }
  if (file === null) {
    const root = path.resolve(cwd)
    return { root, configFile: null, settings: defaultSettings(root) }
  }
  const { root, settings } = await loadConfigFile(file, cwd)
  return { root, configFile: file, settings }
}
