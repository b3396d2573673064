import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type ConnectionSettings, openConnection, SINGLE_CONNECTION_SETTINGS, SPLIT_SETTINGS } from './connection-settings.js'
import { prepareDatabase } from './sqlite-schema.js'

const dir = mkdtempSync(path.join(tmpdir(), 'account-sqlite-settings-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function effective(file: string, settings: ConnectionSettings, role: 'read-write' | 'read-only') {
  const db = openConnection(file, settings, role)
  try {
    return {
      journalMode: db.pragma('journal_mode', { simple: true }),
      synchronous: db.pragma('synchronous', { simple: true }),
      busyTimeout: db.pragma('busy_timeout', { simple: true }),
      foreignKeys: db.pragma('foreign_keys', { simple: true }),
    }
  } finally {
    db.close()
  }
}

describe('SQLite connection settings', () => {
  it("sets the single-connection store's values explicitly, overriding better-sqlite3's 5 s busy timeout", () => {
    const file = path.join(dir, 'single.db')
    prepareDatabase(file, SINGLE_CONNECTION_SETTINGS, { accounts: 3, balanceCents: 10 })
    expect(effective(file, SINGLE_CONNECTION_SETTINGS, 'read-write')).toEqual({
      journalMode: 'delete',
      synchronous: 2,
      busyTimeout: 0,
      foreignKeys: 0,
    })
  })

  it("sets the split store's values on the writer, and readers see the file's WAL mode", () => {
    const file = path.join(dir, 'split.db')
    prepareDatabase(file, SPLIT_SETTINGS, undefined)
    const expected = { journalMode: 'wal', synchronous: 1, busyTimeout: 5000, foreignKeys: 1 }
    expect(effective(file, SPLIT_SETTINGS, 'read-write')).toEqual(expected)
    expect(effective(file, SPLIT_SETTINGS, 'read-only')).toEqual(expected)
  })

  it('refuses to open a database file that does not exist instead of creating an empty one', () => {
    expect(() => openConnection(path.join(dir, 'missing.db'), SPLIT_SETTINGS, 'read-write')).toThrow(/does not exist|unable to open/i)
  })
})
