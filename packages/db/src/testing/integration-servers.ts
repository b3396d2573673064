import { readdirSync, readFileSync } from 'node:fs'
import { findFirebird } from '../local/firebird-installation.js'
import { findMariadb } from '../local/mariadb-installation.js'

/**
 * For integration tests: whether the local servers can run here. A missing server skips its
 * tests with a message saying why, except where DYNO_REQUIRE_DB=1 (CI), where it fails the
 * run at once: a suite that silently skips every server test would pass without testing
 * anything.
 */
export interface ServersForTests {
  mysql: boolean
  firebird: boolean
  /** Why tests are skipped, or '' when both servers can run. */
  reason: string
}

export function serversForTests(env: NodeJS.ProcessEnv = process.env): ServersForTests {
  const mariadb = findMariadb(env)
  const firebird = findFirebird(env)
  const missing = [
    mariadb.status === 'missing' ? `MariaDB: ${mariadb.reason} (${mariadb.hint})` : null,
    firebird.status === 'missing' ? `Firebird: ${firebird.reason} (${firebird.hint})` : null,
  ].filter((m): m is string => m !== null)
  const reason = missing.join('; ')
  if (missing.length > 0) {
    if (env.DYNO_REQUIRE_DB === '1') throw new Error(`DYNO_REQUIRE_DB=1, but the local database servers cannot run here: ${reason}`)
    process.stderr.write(`skipping database integration tests: ${reason} (set DYNO_REQUIRE_DB=1 to make this a failure)\n`)
  }
  return { mysql: mariadb.status === 'found', firebird: firebird.status === 'found', reason }
}

/**
 * Pids of processes whose command line or environment mentions `text` (a test's own temp
 * directory): a throwaway server names its directory in its arguments (MariaDB) or in its
 * FIREBIRD variable (Firebird). Used to prove that nothing was left running.
 */
export function processesMentioning(text: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    for (const file of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${entry}/${file}`, 'utf8').includes(text)) {
          found.push(Number(entry))
          break
        }
      } catch {
        // gone meanwhile, or not ours to read
      }
    }
  }
  return found
}
