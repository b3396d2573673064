/**
 * Which remote files an import picks up: glob or regular-expression patterns, split into
 * includes and excludes. A name is selected when it matches at least one include (or there
 * are no includes) and no exclude.
 */
export type FilePattern = { kind: 'glob'; pattern: string } | { kind: 'regex'; pattern: string; flags?: string }

export interface PatternSet {
  include: readonly FilePattern[]
  exclude: readonly FilePattern[]
}

export class PatternError extends Error {
  constructor(
    readonly pattern: FilePattern,
    reason: string,
  ) {
    super(`invalid ${pattern.kind} pattern ${JSON.stringify(pattern.pattern)}: ${reason}`)
    this.name = 'PatternError'
  }
}
