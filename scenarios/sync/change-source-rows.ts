import type { DatabaseConnection } from '@dyno/core'
import { firebirdOptions, parseDatabaseUrl } from '@dyno/db'
import Database from 'better-sqlite3'
import Firebird from 'node-firebird'

/** A time after every generated row's, so the changed rows are exactly the ones past the watermark. */
const CHANGED_AT = '2099-01-01 00:00:00'

/**
 * Changes 1% of the ITEMS rows (ids ending in 07, 1 in 100 of the generator's ids) the way an
 * application would: new values and a new UPDATED_AT. Returns how many rows changed.
 */
export async function changeOnePercent(connection: DatabaseConnection, table = 'items'): Promise<number> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`'${table}' is not a table name this helper accepts`)
  const url = parseDatabaseUrl(connection.url)
  if (url.engine === 'sqlite') {
    const db = new Database(url.file)
    try {
      return db
        .prepare(`UPDATE "${table}" SET note = 'changed', qty = COALESCE(qty, 0) + 1, updated_at = ? WHERE id % 100 = 7`)
        .run(`${CHANGED_AT}.000`).changes
    } finally {
      db.close()
    }
  }
  if (url.engine !== 'firebird') throw new Error(`the sync source must be Firebird or SQLite, not ${url.engine}`)
  const db = await Firebird.attachAsync(firebirdOptions(url))
  try {
    const name = table.toUpperCase()
    // A literal, not a parameter: Firebird 3 drops the fraction of a text parameter it converts to TIMESTAMP.
    await db.queryAsync(
      `UPDATE ${name} SET NOTE = 'changed', QTY = COALESCE(QTY, 0) + 1, UPDATED_AT = TIMESTAMP '${CHANGED_AT}' WHERE MOD(ID, 100) = 7`,
    )
    const [row] = await db.queryAsync<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${name} WHERE MOD(ID, 100) = 7`)
    return Number(row?.n ?? 0)
  } finally {
    await db.detachAsync()
  }
}
