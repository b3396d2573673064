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
}

export type Requirement =
  | DatabaseRequirement
  | { kind: 'binary'; name: string; optional?: boolean }
  | { kind: 'env'; name: string; optional?: boolean }
