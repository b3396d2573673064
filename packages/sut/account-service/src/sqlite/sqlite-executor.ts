import type { SqliteConnectionPool } from './sqlite-connection-pool.js'
import { isReadOnly, type SqliteAnswer, type SqliteOperation } from './sqlite-operation.js'

/**
 * Where the store's operations run. The store (and the handlers above it) never choose a
 * connection: the executor does, like the seed's SmartExecutor.
 */
export interface SqliteExecutor {
  run(operation: SqliteOperation): Promise<SqliteAnswer>
  close(): Promise<void>
}

/** seed 002's "before": request workers that each own a read-write connection, every operation on whichever is least busy. */
export class SharedFileExecutor implements SqliteExecutor {
  constructor(private readonly workers: SqliteConnectionPool) {}

  run(operation: SqliteOperation): Promise<SqliteAnswer> {
    return this.workers.run(operation)
  }

  close(): Promise<void> {
    return this.workers.close()
  }
}

/**
 * seed 002's "after": reads go to a pool of read-only connections, writes to the single
 * writer connection, where they queue instead of competing for the file's write lock. In
 * WAL mode readers see the last committed state and never wait for the writer.
 */
export class ReadWriteSplitExecutor implements SqliteExecutor {
  constructor(
    private readonly writer: SqliteConnectionPool,
    private readonly readers: SqliteConnectionPool,
  ) {}

  run(operation: SqliteOperation): Promise<SqliteAnswer> {
    return isReadOnly(operation) ? this.readers.run(operation) : this.writer.run(operation)
  }

  async close(): Promise<void> {
    await this.readers.close()
    await this.writer.close()
  }
}
