import { ACCOUNT_SERVICE_VARIANTS, type AccountServiceOptions } from './account-service-options.js'

/** Options arrive as plain data (from a config file, a CLI, another process): check all of it, report every problem at once. */
export function validateServiceOptions(options: AccountServiceOptions): void {
  const problems: string[] = []
  const value = options as unknown as Record<string, unknown>
  if (!(ACCOUNT_SERVICE_VARIANTS as readonly unknown[]).includes(value['variant'])) {
    problems.push(`variant must be one of ${ACCOUNT_SERVICE_VARIANTS.join(', ')}; got ${JSON.stringify(value['variant'])}`)
  }
  if (options.preload !== undefined) {
    if (!isIntegerIn(options.preload.accounts, 0, 10_000_000)) problems.push('preload.accounts must be an integer from 0 to 10,000,000')
    if (!isIntegerIn(options.preload.balanceCents, 0, 1_000_000_000_000)) {
      problems.push('preload.balanceCents must be an integer from 0 to 1,000,000,000,000')
    }
  }
  if (options.maxBodyBytes !== undefined && !isIntegerIn(options.maxBodyBytes, 64, 64 * 1024 * 1024)) {
    problems.push('maxBodyBytes must be an integer from 64 to 67,108,864')
  }
  if (options.shards !== undefined && !isIntegerIn(options.shards, 1, 64)) problems.push('shards must be an integer from 1 to 64')
  if (options.logFile !== undefined && (typeof options.logFile !== 'string' || options.logFile === '')) {
    problems.push('logFile must be a file path; leave it out to log to standard output')
  }
  if (options.variant === 'sqlite-single' || options.variant === 'sqlite-split') {
    const sqlite = options.sqlite
    if (sqlite === undefined || typeof sqlite.file !== 'string' || sqlite.file === '') {
      problems.push(`${options.variant} needs sqlite.file, the path of the database file (it is created if missing)`)
    }
    if (sqlite?.requestWorkers !== undefined && !isIntegerIn(sqlite.requestWorkers, 1, 64)) {
      problems.push('sqlite.requestWorkers must be an integer from 1 to 64')
    }
    if (sqlite?.readers !== undefined && !isIntegerIn(sqlite.readers, 1, 64))
      problems.push('sqlite.readers must be an integer from 1 to 64')
  }
  if (problems.length > 0) {
    throw new TypeError(`invalid account service options:\n  - ${problems.join('\n  - ')}`)
  }
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}
