import { DatabaseError } from '../errors/database-error.js'
import type { ServerUrl } from '../url/database-url.js'

/**
 * The ITEMS table in each engine. Same columns, same order, the closest type each engine
 * has: Firebird TIMESTAMP ↔ MySQL DATETIME(3) (the notes' target schema) ↔ SQLite TEXT; in
 * SQLite, decimals are TEXT as well, because a NUMERIC column would turn '12.50' into the
 * float 12.5.
 */
export const ITEM_COLUMNS = ['id', 'customer_id', 'qty', 'price', 'discount', 'name', 'note', 'status', 'created_at', 'updated_at'] as const

/** Tables dyno creates carry this marker (a table comment), so dyno never drops one it did not create. */
export const TABLE_MARKER = 'dyno dataset '

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,30}$/

export function checkTableName(table: string): string {
  if (!TABLE_NAME.test(table)) {
    throw new DatabaseError('bad-table-name', `'${table}' cannot name a dataset table`, {
      hint: 'use letters, digits and _ only, starting with a letter, at most 31 characters',
    })
  }
  return table
}

export function mysqlItemsDdl(table: string, marker: string): string {
  return `CREATE TABLE \`${checkTableName(table)}\` (
  id BIGINT NOT NULL PRIMARY KEY,
  customer_id INT NOT NULL,
  qty INT NULL,
  price DECIMAL(12,2) NOT NULL,
  discount DECIMAL(5,4) NULL,
  name VARCHAR(64) NOT NULL,
  note VARCHAR(64) NULL,
  status SMALLINT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='${marker.replace(/'/g, "''")}'`
}

/** Without the primary key: it is added after the bulk load, which sorts once instead of per row. */
export function firebirdItemsDdl(table: string): string {
  return `CREATE TABLE ${checkTableName(table).toUpperCase()} (
  ID BIGINT NOT NULL,
  CUSTOMER_ID INTEGER NOT NULL,
  QTY INTEGER,
  PRICE DECIMAL(12,2) NOT NULL,
  DISCOUNT DECIMAL(5,4),
  NAME VARCHAR(64) NOT NULL,
  NOTE VARCHAR(64),
  STATUS SMALLINT NOT NULL,
  CREATED_AT TIMESTAMP NOT NULL,
  UPDATED_AT TIMESTAMP
)`
}

export function firebirdPrimaryKeyDdl(table: string): string {
  const name = checkTableName(table).toUpperCase()
  return `ALTER TABLE ${name} ADD CONSTRAINT PK_${name.slice(0, 28)} PRIMARY KEY (ID)`
}

export function sqliteItemsDdl(table: string): string {
  return `CREATE TABLE "${checkTableName(table)}" (
  id INTEGER NOT NULL PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  qty INTEGER,
  price TEXT NOT NULL,
  discount TEXT,
  name TEXT NOT NULL,
  note TEXT,
  status INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT
)`
}

export function tableNotOurs(table: string, server: ServerUrl): DatabaseError {
  return new DatabaseError(
    'table-not-ours',
    `table ${table} already exists in ${server.engine} database ${server.database} on ${server.host}:${server.port}, and dyno did not create it`,
    { hint: 'dyno never drops a table it did not create; point it at a scratch database, or drop the table yourself' },
  )
}
