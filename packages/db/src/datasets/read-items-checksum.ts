import { FirebirdSession } from '../engines/firebird/firebird-session.js'
import { loadBetterSqlite3 } from '../engines/load-driver.js'
import { MysqlSession } from '../engines/mysql/mysql-session.js'
import { sqliteItemsChecksum } from '../engines/sqlite/sqlite-database.js'
import { parseDatabaseUrl } from '../url/database-url.js'
import { canonicalItem, type ItemsChecksum, ItemsChecksumBuilder } from './items-checksum.js'
import { type ItemsDataset, ItemsGenerator } from './items-dataset.js'

/**
 * For scenarios that copy ITEMS rows (the Firebird → MySQL sync): the checksum of a table in
 * any engine, by connection URL (`context.databases.target.url`), to compare with
 * itemsChecksum(dataset) in verify(). Values are read as exact text in every engine, so a
 * copy that rounded a BIGINT or a DECIMAL, shifted a timestamp or mangled a string does not
 * match.
 */
export async function readItemsChecksum(url: string, table = 'items'): Promise<ItemsChecksum> {
  const parsed = parseDatabaseUrl(url)
  switch (parsed.engine) {
    case 'mysql': {
      const session = await MysqlSession.connect(parsed)
      try {
        return await session.readItemsChecksum(table)
      } finally {
        await session.close()
      }
    }
    case 'firebird': {
      const session = await FirebirdSession.attach(parsed)
      try {
        return await session.readItemsChecksum(table)
      } finally {
        await session.detach()
      }
    }
    case 'sqlite': {
      const Database = await loadBetterSqlite3()
      const db = new Database(parsed.file, { readonly: true })
      try {
        return sqliteItemsChecksum(db, table)
      } finally {
        db.close()
      }
    }
  }
}

/** The checksum the generator's rows have, without any database. */
export function itemsChecksum(dataset: ItemsDataset): ItemsChecksum {
  const builder = new ItemsChecksumBuilder()
  for (const row of new ItemsGenerator(dataset).rows()) builder.add(canonicalItem(row))
  return builder.result()
}
