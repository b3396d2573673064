import Database from 'better-sqlite3'
import { MAX_BALANCE_CENTS } from '../domain/account.js'
import type { ConnectionSettings } from './connection-settings.js'

/**
 * Creates the database file and its tables if they are missing, sets the file's journal mode
 * (which persists for WAL), and loads the preload accounts when the table is empty — once,
 * before any worker opens the file, so no two connections race to create it.
 */
export function prepareDatabase(
  file: string,
  settings: ConnectionSettings,
  preload: { accounts: number; balanceCents: number } | undefined,
): void {
  const db = new Database(file, { timeout: 5000 })
  try {
    db.pragma(`journal_mode = ${settings.journalMode}`)
    db.pragma('foreign_keys = ON')
    db.exec(`
      CREATE TABLE IF NOT EXISTS accounts (
        id INTEGER PRIMARY KEY,
        owner TEXT NOT NULL,
        balance_cents INTEGER NOT NULL CHECK (balance_cents BETWEEN 0 AND ${MAX_BALANCE_CENTS}),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ledger_entries (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        delta_cents INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'transfer_in', 'transfer_out')),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ledger_entries_by_account ON ledger_entries (account_id);
    `)
    if (preload !== undefined && preload.accounts > 0) {
      const { count } = db.prepare('SELECT count(*) AS count FROM accounts').get() as { count: number }
      if (count === 0) {
        const insertAccount = db.prepare('INSERT INTO accounts (owner, balance_cents, created_at) VALUES (?, ?, ?)')
        const insertEntry = db.prepare("INSERT INTO ledger_entries (account_id, delta_cents, kind, created_at) VALUES (?, ?, 'deposit', ?)")
        db.transaction(() => {
          const now = Date.now()
          for (let i = 1; i <= preload.accounts; i++) {
            const { lastInsertRowid } = insertAccount.run(`preloaded owner ${i}`, preload.balanceCents, now)
            if (preload.balanceCents > 0) insertEntry.run(lastInsertRowid, preload.balanceCents, now)
          }
        })()
      }
    }
  } finally {
    db.close()
  }
}
