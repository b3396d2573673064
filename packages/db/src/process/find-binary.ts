import { accessSync, constants } from 'node:fs'
import path from 'node:path'

/**
 * Server binaries live in sbin directories that are often not on a normal user's PATH
 * (`/usr/sbin/mariadbd`, `/usr/sbin/firebird`), so PATH is searched first and the usual
 * system locations after it.
 */
const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export function findBinary(
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  extraDirs: readonly string[] = [],
): string | null {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SYSTEM_DIRS, ...extraDirs]
  for (const name of names) {
    if (name.includes('/')) {
      if (isExecutable(name)) return name
      continue
    }
    for (const dir of dirs) {
      const candidate = path.join(dir, name)
      if (isExecutable(candidate)) return candidate
    }
  }
  return null
}
