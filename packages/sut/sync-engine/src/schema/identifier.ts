/**
 * Identifiers come from configuration, so they are checked against a conservative pattern and
 * then quoted; values never enter SQL text (they travel as parameters). The pattern is the
 * common subset of Firebird, MySQL and SQLite unquoted names, so one mapping works on all
 * three.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

export type SqlDialect = 'firebird' | 'mysql' | 'sqlite'

export function identifierProblem(what: string, name: string): string | null {
  return IDENTIFIER.test(name)
    ? null
    : `${what} '${name}' is not a valid identifier (letters, digits and _, starting with a letter or _, at most 63 characters)`
}

/**
 * Quotes a checked identifier. Firebird stores unquoted names in upper case, so a quoted
 * name must be upper case to mean the same column a user wrote unquoted.
 */
export function quoteIdentifier(dialect: SqlDialect, name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`refusing to quote '${name}': not a checked identifier`)
  switch (dialect) {
    case 'firebird':
      return `"${name.toUpperCase()}"`
    case 'mysql':
      return `\`${name}\``
    case 'sqlite':
      return `"${name}"`
  }
}
