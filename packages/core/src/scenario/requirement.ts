/**
 * What a scenario needs from the machine before it can run. `dyno list` shows these, and
 * `dyno run` skips (and says why) a scenario whose needs are not met instead of failing it.
 *
 * A database requirement is satisfied by a provisioner (see orchestrate/provisioner.ts), which
 * the CLI supplies from @dyno/db; the connection then appears in `context.databases[name]`
 * (name defaults to the engine). With `embeddedFallback`, a scenario that finds no server
 * runs on an embedded SQLite stand-in instead, and the result says so.
 */
export type DatabaseEngine = 'mysql' | 'firebird' | 'sqlite'

export interface DatabaseRequirement {
  kind: 'database'
  engine: DatabaseEngine
  /** Key in context.databases; defaults to the engine. Needed when a scenario uses two of one engine. */
  name?: string
  optional?: boolean
  embeddedFallback?: 'sqlite'
  /** Rows the provisioner loads before setup() runs; its id goes into the result's fingerprint. */
  dataset?: DatasetRequirement
  /**
   * 'each-round' (the default): before every round of every variant, warm-up included, the
   * database is put back into the state it had right after provisioning, so no round sees
   * another's writes (setup()'s writes to it are undone too). 'never' for a database the
   * rounds only read, where a reset would only cost time.
   */
  reset?: 'each-round' | 'never'
}

/** A generated dataset, e.g. `{ name: 'items', rows: 100_000, quickRows: 1_000 }` (see @dyno/db). */
export interface DatasetRequirement {
  name: string
  rows: number
  /** Rows under --quick (default: the smaller of rows and 1,000). */
  quickRows?: number
  /** The same seed gives the same rows on every machine and in every engine (default 1). */
  seed?: number
  /** Table to create (default: the dataset's name). */
  table?: string
}

export type Requirement =
  | DatabaseRequirement
  | { kind: 'binary'; name: string; optional?: boolean }
  | { kind: 'env'; name: string; optional?: boolean }
