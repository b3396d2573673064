import type { DatabaseRequirement } from '@dyno/core'

/**
 * What every sync scenario asks dyno for: Firebird sources seeded with the ITEMS dataset and a
 * MySQL target, each with the SQLite stand-in when no server can be had, and the packages
 * whose versions the result records. Scenarios differ only in table size and reset policy.
 */
export const SYNC_PACKAGES = ['@sut/sync-engine', 'node-firebird', 'mysql2', 'better-sqlite3']

export interface ItemsSourceOptions {
  /** Key in context.databases. */
  name: string
  rows: number
  quickRows: number
  /**
   * 'never' when rounds only read the source; left to the default (reset every round) when a
   * round changes it.
   */
  reset?: 'never'
}

export function itemsSource(options: ItemsSourceOptions): DatabaseRequirement {
  return {
    kind: 'database',
    engine: 'firebird',
    name: options.name,
    embeddedFallback: 'sqlite',
    dataset: { name: 'items', rows: options.rows, quickRows: options.quickRows, seed: 5 },
    ...(options.reset === undefined ? {} : { reset: options.reset }),
  }
}

export const MYSQL_TARGET: DatabaseRequirement = { kind: 'database', engine: 'mysql', name: 'target', embeddedFallback: 'sqlite' }
