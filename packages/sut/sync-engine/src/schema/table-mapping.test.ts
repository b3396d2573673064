import { describe, expect, it } from 'vitest'
import { quoteIdentifier } from './identifier.js'
import { selectStatement } from './select-statement.js'
import { SyncConfigError } from './sync-config-error.js'
import { type TableMapping, validateMapping } from './table-mapping.js'
import { mysqlCreateTable, sqliteCreateTable } from './target-ddl.js'

const mapping: TableMapping = {
  name: 'orders',
  sourceTable: 'ORDERS',
  targetTable: 'orders',
  key: ['shop', 'id'],
  columns: [
    { name: 'shop', type: { kind: 'integer' }, nullable: false },
    { name: 'id', type: { kind: 'bigint' }, nullable: false },
    { name: 'total', type: { kind: 'decimal', precision: 12, scale: 2 }, nullable: true },
    { name: 'changed_at', type: { kind: 'timestamp' }, nullable: true },
  ],
  watermarkColumn: 'changed_at',
}

describe('table mappings', () => {
  it('lists every problem of a bad mapping at once, with a hint', () => {
    const bad: TableMapping = {
      ...mapping,
      targetTable: 'orders; DROP TABLE x',
      key: ['nope', 'total'],
      columns: [...mapping.columns, { name: 'total', type: { kind: 'decimal', precision: 40, scale: 2 }, nullable: true }],
      watermarkColumn: 'shop',
    }
    let caught: unknown
    try {
      validateMapping(bad)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(SyncConfigError)
    expect((caught as SyncConfigError).problems).toEqual([
      "target table 'orders; DROP TABLE x' is not a valid identifier (letters, digits and _, starting with a letter or _, at most 63 characters)",
      'column total is listed twice',
      "column total: decimal precision 40 must be an integer from 1 to 18 (Firebird's limit)",
      'key column nope is not in the column list',
      'key column total is nullable; a key must be NOT NULL',
      'watermark column shop must be a timestamp column',
    ])
    expect((caught as SyncConfigError).hint).toMatch(/nothing was synced/)
  })

  it('quotes identifiers per dialect and refuses to quote an unchecked one', () => {
    expect(quoteIdentifier('firebird', 'items')).toBe('"ITEMS"')
    expect(quoteIdentifier('mysql', 'items')).toBe('`items`')
    expect(quoteIdentifier('sqlite', 'items')).toBe('"items"')
    expect(() => quoteIdentifier('mysql', 'a`b')).toThrow(/not a checked identifier/)
  })

  it('reads after a composite key and since a watermark with parameters only, casting exact types in Firebird', () => {
    const statement = selectStatement('firebird', 'ORDERS', mapping, {
      afterKey: [3, '9007199254740993'],
      changedSince: '2026-01-01 00:00:00.000',
      limit: 10,
    })
    expect(statement.sql).toBe(
      'SELECT "SHOP", "ID", CAST("TOTAL" AS VARCHAR(32)) AS "TOTAL", CAST("CHANGED_AT" AS VARCHAR(24)) AS "CHANGED_AT" FROM "ORDERS"' +
        ' WHERE (("SHOP" > ?) OR ("SHOP" = ? AND "ID" > ?)) AND "CHANGED_AT" >= ? ORDER BY "SHOP", "ID" LIMIT 10',
    )
    expect(statement.params).toEqual([3, 3, '9007199254740993', '2026-01-01 00:00:00.000'])
  })

  it('creates target tables with types that hold the values exactly', () => {
    expect(mysqlCreateTable(mapping)).toBe(
      'CREATE TABLE IF NOT EXISTS `orders` (`shop` INT NOT NULL, `id` BIGINT NOT NULL, `total` DECIMAL(12,2) NULL, `changed_at` DATETIME(3) NULL, PRIMARY KEY (`shop`, `id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin',
    )
    expect(sqliteCreateTable(mapping)).toBe(
      'CREATE TABLE IF NOT EXISTS "orders" ("shop" INTEGER NOT NULL, "id" INTEGER NOT NULL, "total" TEXT, "changed_at" TEXT, PRIMARY KEY ("shop", "id"))',
    )
  })
})
