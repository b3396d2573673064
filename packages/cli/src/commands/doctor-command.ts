import { renderTable } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { type DatabaseFlags, withConfiguredDatabases } from '../options/database-options.js'
import { loadDatabaseSupport } from '../options/database-support.js'

/**
 * `dyno doctor`: which databases this machine can give scenarios, and the exact next step for
 * what is missing. Exits 3 when something you configured does not work (a URL that does not
 * answer, SQLite that does not load); a server that is merely not installed is not an error,
 * since other providers may stand in.
 */
export async function doctorCommand(options: DatabaseFlags & { json?: boolean; config?: string }, io: CliIo): Promise<ExitCode> {
  const project = await loadProject(io.cwd, options.config)
  const support = await loadDatabaseSupport(withConfiguredDatabases(options, project.settings.db, io.env), io.env, 'dyno doctor')
  const checks = await support.db.doctorChecks(support.availability)
  const failed = checks.some((c) => c.status === 'failed')
  if (options.json) {
    io.out(`${JSON.stringify(checks, null, 2)}\n`)
    return failed ? EXIT.environment : EXIT.pass
  }
  const mark = { ok: '✓', unset: '–', missing: '✗', failed: '✗' } as const
  const table = renderTable(
    ['', 'what', 'status'],
    checks.map((c) => [mark[c.status], c.what, c.detail]),
    [],
    '',
  )
  const steps = checks.filter((c) => c.next !== null).map((c) => `  ${c.what}: ${c.next}`)
  io.out(`${table}\n${steps.length > 0 ? `\nNext steps\n${steps.join('\n')}\n` : ''}`)
  return failed ? EXIT.environment : EXIT.pass
}
