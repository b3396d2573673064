/**
 * The variants of the service. The first four are seed 004's optimisation phases on an
 * in-memory store; the last two are seed 002's SQLite configurations.
 */
export const IN_MEMORY_VARIANTS = ['baseline', 'phase1', 'phase2', 'phase3'] as const
export const SQLITE_VARIANTS = ['sqlite-single', 'sqlite-split'] as const
export const ACCOUNT_SERVICE_VARIANTS = [...IN_MEMORY_VARIANTS, ...SQLITE_VARIANTS] as const
export type AccountServiceVariant = (typeof ACCOUNT_SERVICE_VARIANTS)[number]

export interface AccountServiceOptions {
  variant: AccountServiceVariant
  /** Accounts created at start-up, each funded with `balanceCents` (demo data, load tests). */
  preload?: { accounts: number; balanceCents: number }
  /** Where log lines go: a file path to append to; standard output when left out. */
  logFile?: string
  /** Largest request body accepted, in bytes; default 16 KiB. */
  maxBodyBytes?: number
  /** phase3: number of shard worker threads; default 2. */
  shards?: number
  /** SQLite variants: the database file (created if missing) and the worker threads to use. */
  sqlite?: {
    file: string
    /** sqlite-single: request workers, each with its own connection; default 4. */
    requestWorkers?: number
    /** sqlite-split: reader worker threads, each with a read-only connection; default 4. */
    readers?: number
  }
}
