/**
 * What a scenario needs from the machine before it can run. `dyno list` shows these, and
 * `dyno run` skips (and says why) a scenario whose needs are not met instead of failing it.
 */
export type Requirement =
  | { kind: 'database'; engine: 'mysql' | 'firebird' | 'sqlite'; optional?: boolean }
  | { kind: 'binary'; name: string; optional?: boolean }
  | { kind: 'env'; name: string; optional?: boolean }
