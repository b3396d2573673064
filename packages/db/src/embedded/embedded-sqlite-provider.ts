import type { DatabaseProvider, StartedDatabase, StartOptions } from '../database-provider.js'
import { SqliteDatabase } from '../engines/sqlite/sqlite-database.js'

/** An SQLite file in a temp directory: always available, never a server. */
export class EmbeddedSqliteProvider implements DatabaseProvider {
  readonly kind = 'embedded' as const
  readonly engine = 'sqlite' as const

  constructor(private readonly options: { baseDir?: string } = {}) {}

  async start(startOptions: StartOptions = {}): Promise<StartedDatabase> {
    const database = await SqliteDatabase.create(this.options)
    startOptions.log?.(`sqlite: embedded SQLite ${database.version} at ${database.url}`)
    return database
  }
}
