import { DynoError } from './dyno-error.js'

/**
 * Loads a package that dyno does not install by default: a database driver (mysql2,
 * node-firebird, better-sqlite3) or testcontainers. Such packages are optional peer
 * dependencies, so a project that benchmarks pure functions never downloads them, and a
 * scenario that needs one gets a clear line with the install command (exit 3, the machine's
 * problem) instead of ERR_MODULE_NOT_FOUND from deep inside the harness.
 *
 * The caller passes a function that does the dynamic import itself (in @dyno/db, of the
 * driver's module), so the package is resolved from the caller's own location, as a static
 * import there would be.
 */
export interface OptionalPackage {
  /** The npm package name, e.g. 'mysql2'. */
  packageName: string
  /** What needs it, completing "… needs <packageName>", e.g. 'a scenario that requires a MySQL database'. */
  neededFor: string
  /** Version range to suggest installing, e.g. '~11.14.0'. */
  range?: string
}

function isMissing(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false
  const message = error instanceof Error ? error.message : String(error)
  // "Cannot find package 'mysql2' imported from …" or "Cannot find module 'mysql2/promise'".
  return message.includes(`'${packageName}'`) || message.includes(`'${packageName}/`) || message.includes(`/${packageName}/`)
}

export async function importOptional<T>(load: () => Promise<T>, wanted: OptionalPackage): Promise<T> {
  const spec = wanted.range === undefined ? wanted.packageName : `${wanted.packageName}@${wanted.range}`
  try {
    return await load()
  } catch (error) {
    if (isMissing(error, wanted.packageName)) {
      throw new DynoError('optional-package-missing', `${wanted.neededFor} needs ${wanted.packageName}, which is not installed`, {
        exitKind: 'environment',
        hint: `install it in your project: npm i -D ${spec}`,
        cause: error,
      })
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new DynoError('optional-package-broken', `${wanted.packageName} is installed but cannot be loaded: ${message}`, {
      exitKind: 'environment',
      hint: `reinstall it (npm i -D ${spec}) and check that it supports Node ${process.versions.node}`,
      cause: error,
    })
  }
}
