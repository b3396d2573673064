import { spawnSync } from 'node:child_process'
import { findBinary } from '../process/find-binary.js'

/**
 * The MariaDB server binary the local provider starts. Only MariaDB is supported: its
 * server starts on an empty data directory with --skip-grant-tables in ~0.15 s (notes §1),
 * whereas Oracle MySQL needs `mysqld --initialize` first.
 */
export type Installation<T> = { status: 'found'; installation: T } | { status: 'missing'; reason: string; hint: string }

export interface MariadbInstallation {
  server: string
  /** E.g. '10.11.19-MariaDB-0+deb12u1'. */
  version: string
}

export const MARIADB_INSTALL_HINT =
  'install it with `apt-get install mariadb-server` (the system service need not run), or use --db external/docker'

export function findMariadb(env: NodeJS.ProcessEnv = process.env): Installation<MariadbInstallation> {
  const server = findBinary([env.DYNO_MARIADBD ?? 'mariadbd', 'mysqld'], env)
  if (server === null) return { status: 'missing', reason: 'no mariadbd binary on PATH or in /usr/sbin', hint: MARIADB_INSTALL_HINT }
  const probe = spawnSync(server, ['--no-defaults', '--version'], { encoding: 'utf8', timeout: 10_000 })
  const text = `${probe.stdout ?? ''}${probe.stderr ?? ''}`
  const version = /Ver\s+(\S+)/.exec(text)?.[1]
  if (probe.status !== 0 || version === undefined) {
    return {
      status: 'missing',
      reason: `${server} --version failed: ${text.trim().split('\n')[0] ?? probe.error?.message ?? 'no output'}`,
      hint: MARIADB_INSTALL_HINT,
    }
  }
  if (!/mariadb/i.test(text)) {
    return {
      status: 'missing',
      reason: `${server} is MySQL ${version}, and the local provider starts MariaDB only`,
      hint: 'install mariadb-server, or run MySQL yourself and pass --mysql-url',
    }
  }
  return { status: 'found', installation: { server, version } }
}
