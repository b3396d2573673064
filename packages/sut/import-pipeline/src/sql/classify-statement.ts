import type { DumpStatement } from './dump-statement.js'

const IDENT = '(`(?:[^`]|``)+`|[\\w$\\u0080-\\uffff]+)(?:\\s*\\.\\s*(`(?:[^`]|``)+`|[\\w$\\u0080-\\uffff]+))?'
const LOCK = new RegExp(`^LOCK\\s+TABLES?\\s+${IDENT}`, 'i')
const UNLOCK = /^UNLOCK\s+TABLES?\s*$/i
const DROP_TABLE = new RegExp(`^DROP\\s+(?:TEMPORARY\\s+)?TABLES?\\s+(?:IF\\s+EXISTS\\s+)?${IDENT}\\s*(,)?`, 'i')
const CREATE_TABLE = new RegExp(`^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${IDENT}`, 'i')
const ALTER_KEYS = new RegExp(`^ALTER\\s+TABLE\\s+${IDENT}\\s+(?:DISABLE|ENABLE)\\s+KEYS\\s*$`, 'i')
const SET = /^SET\b/i
/** mariadb-dump ≥ 10.11.8 starts with `/*M!999999\- enable the sandbox mode *\/`: a client command that only restricts what follows. */
const SANDBOX = /^\\-\s*enable the sandbox mode\s*$/i
/** Verbs that take an object type as their second word, so the error can say `CREATE USER` rather than `CREATE`. */
const TWO_WORD_VERBS = new Set(['CREATE', 'DROP', 'ALTER', 'RENAME', 'TRUNCATE', 'LOAD', 'SHOW', 'FLUSH'])

/** `db`.`t` → `db.t`; `` `a``b` `` → a`b. */
export function identifierText(first: string, second: string | undefined): string {
  const unquote = (part: string) => (part.startsWith('`') ? part.slice(1, -1).replaceAll('``', '`') : part)
  return second === undefined ? unquote(first) : `${unquote(first)}.${unquote(second)}`
}

function verbOf(text: string): string {
  const words = text.split(/[\s(`;]+/, 3).map((w) => w.toUpperCase())
  const first = words[0] ?? ''
  return TWO_WORD_VERBS.has(first) && words[1] !== undefined && words[1] !== '' ? `${first} ${words[1]}` : first
}

/**
 * Classifies a statement other than INSERT from its text (comments already removed at the
 * start, no trailing `;`). These statements are rare in a dump and short, so a regular
 * expression per statement costs nothing here.
 */
export function classifyStatement(text: string, line: number, conditional: boolean): DumpStatement {
  const trimmed = text.trim()
  const base = { verb: verbOf(trimmed), table: undefined, columns: undefined, line, conditional }
  if (SET.test(trimmed)) return { ...base, kind: 'set' }
  if (UNLOCK.test(trimmed)) return { ...base, kind: 'unlock-tables', verb: 'UNLOCK TABLES' }
  const lock = LOCK.exec(trimmed)
  if (lock !== null) return { ...base, kind: 'lock-tables', verb: 'LOCK TABLES', table: identifierText(lock[1] as string, lock[2]) }
  const drop = DROP_TABLE.exec(trimmed)
  // A DROP of several tables at once is left as `other`, so it is rejected as a whole.
  if (drop !== null && drop[3] === undefined)
    return { ...base, kind: 'drop-table', verb: 'DROP TABLE', table: identifierText(drop[1] as string, drop[2]) }
  const create = CREATE_TABLE.exec(trimmed)
  if (create !== null) return { ...base, kind: 'create-table', verb: 'CREATE TABLE', table: identifierText(create[1] as string, create[2]) }
  const alter = ALTER_KEYS.exec(trimmed)
  if (alter !== null) return { ...base, kind: 'alter-table-keys', verb: 'ALTER TABLE', table: identifierText(alter[1] as string, alter[2]) }
  if (conditional && SANDBOX.test(trimmed)) return { ...base, kind: 'sandbox-marker', verb: 'sandbox mode' }
  return { ...base, kind: 'other' }
}

/** The SQL inside a conditional comment's text (after `/*!` or `/*M!`): the version digits dropped. */
export function conditionalCommentSql(inner: string): string {
  return inner.replace(/^\d*/, '')
}
