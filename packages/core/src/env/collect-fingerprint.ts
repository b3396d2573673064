import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import type { Fingerprint } from './fingerprint.js'
import { readGitState } from './git-state.js'

export const DYNO_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
})()

/**
 * Installed version of a package as seen from `fromDir` (the scenario's directory), or null.
 * Reads package.json by walking node_modules rather than require.resolve, because packages
 * with an `exports` map may not expose ./package.json.
 */
export function packageVersion(name: string, fromDir: string): string | null {
  const require = createRequire(path.join(fromDir, 'noop.js'))
  for (const dir of require.resolve.paths(name) ?? []) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, name, 'package.json'), 'utf8')) as { version?: string }
      if (typeof pkg.version === 'string') return pkg.version
    } catch {
      // not in this node_modules; keep walking up
    }
  }
  return null
}

export interface FingerprintOptions {
  cwd: string
  /** Packages to record, resolved from `packagesFrom` (defaults to cwd). */
  packages?: readonly string[]
  packagesFrom?: string
}

export function collectFingerprint(options: FingerprintOptions): Fingerprint {
  const cpus = os.cpus()
  const first = cpus[0]
  const model = first?.model.trim() ?? 'unknown'
  const memoryBytes = os.totalmem()
  const packages: Record<string, string> = { '@dyno/core': DYNO_VERSION }
  for (const name of options.packages ?? []) {
    packages[name] = packageVersion(name, options.packagesFrom ?? options.cwd) ?? 'not installed'
  }
  const load = os.loadavg()
  return {
    machineId: createHash('sha256').update(`${os.hostname()}|${model}|${cpus.length}|${memoryBytes}`).digest('hex').slice(0, 12),
    cpu: { model, cores: cpus.length, speedMHz: first?.speed ?? 0, arch: os.arch() },
    memoryBytes,
    os: { platform: os.platform(), release: os.release(), version: os.version() },
    runtime: { node: process.versions.node, v8: process.versions.v8, uv: process.versions.uv },
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    git: readGitState(options.cwd),
    loadAverage: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
    packages,
    databases: [],
    dataset: null,
  }
}
