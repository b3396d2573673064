/**
 * Table and column names reach the SQL text (a database cannot bind identifiers as
 * parameters), and column names come from the dump, which is untrusted input. So every name
 * must be one MySQL would accept unquoted (letters, digits, `_`, `$`, and U+0080–U+FFFF;
 * at most 64 characters), optionally qualified once (`schema.table`), and is then quoted
 * anyway. A name outside that is refused, never escaped into place.
 */
const IDENTIFIER_PART = /^[A-Za-z0-9_$\u0080-\uffff]{1,64}$/

export class InvalidIdentifierError extends Error {
  constructor(
    readonly identifier: string,
    readonly role: 'table' | 'column',
  ) {
    super(
      `refusing ${role} name ${JSON.stringify(identifier)}: only letters, digits, _ and $ (at most 64 characters${role === 'table' ? ', optionally schema.table' : ''}) are written into SQL; rename it in the mapping or the dump`,
    )
    this.name = 'InvalidIdentifierError'
  }
}

/** Whether a column name from a dump may be written into SQL (see above). */
export function isWritableColumnName(name: string): boolean {
  return IDENTIFIER_PART.test(name)
}

function checkedParts(identifier: string, role: 'table' | 'column'): string[] {
  const parts = role === 'table' ? identifier.split('.') : [identifier]
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER_PART.test(part))) throw new InvalidIdentifierError(identifier, role)
  return parts
}

/** `schema.table` → `` `schema`.`table` `` for MySQL. */
export function mysqlIdentifier(identifier: string, role: 'table' | 'column'): string {
  return checkedParts(identifier, role)
    .map((part) => `\`${part}\``)
    .join('.')
}

/** `schema.table` → `"schema"."table"` for SQLite. */
export function sqliteIdentifier(identifier: string, role: 'table' | 'column'): string {
  return checkedParts(identifier, role)
    .map((part) => `"${part}"`)
    .join('.')
}
