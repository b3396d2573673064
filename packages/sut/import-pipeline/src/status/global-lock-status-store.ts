import type { RemoteFile } from '../listing/remote-file.js'
import type { ImportStatus, LogLevel, LogLine, StatusUpdate } from './import-status.js'
import { logRecord, registerRecord, sortedStatuses, updateRecord } from './record-mutations.js'
import { type ImportRecord, readStatusFile, writeStatusFile } from './status-file.js'
import type { StatusStore } from './status-store.js'

/** A promise-chain mutex: callers run one at a time, in arrival order. */
class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(critical: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(critical, critical)
    this.tail = result.catch(() => undefined)
    return result
  }
}

/**
 * Seed 001's "before" for status tracking: one lock around everything. Every read and every
 * write takes it; every write, log lines included, rewrites the status file while holding it;
 * every read hands out a deep copy. Simple and obviously correct, and under an import that
 * logs busily, 100 status readers queue behind disk writes one at a time.
 */
export class GlobalLockStatusStore implements StatusStore {
  private readonly lock = new AsyncMutex()

  private constructor(
    private readonly dir: string,
    private readonly records: Map<string, ImportRecord>,
  ) {}

  static async open(dir: string): Promise<GlobalLockStatusStore> {
    const records = await readStatusFile(dir, new Date().toISOString())
    const store = new GlobalLockStatusStore(dir, new Map(records.map((r) => [r.status.id, r])))
    await store.persist()
    return store
  }

  private persist(): Promise<void> {
    return writeStatusFile(this.dir, this.records.values())
  }

  register(file: RemoteFile): Promise<ImportStatus> {
    return this.lock.run(async () => {
      const { record, changed } = registerRecord(this.records, file, new Date().toISOString())
      if (changed) await this.persist()
      return structuredClone(record.status)
    })
  }

  update(id: string, update: StatusUpdate): Promise<ImportStatus> {
    return this.lock.run(async () => {
      const record = updateRecord(this.records, id, update, new Date().toISOString())
      await this.persist()
      return structuredClone(record.status)
    })
  }

  log(id: string, level: LogLevel, message: string): Promise<void> {
    return this.lock.run(async () => {
      logRecord(this.records, id, level, message, new Date().toISOString())
      await this.persist()
    })
  }

  list(): Promise<readonly ImportStatus[]> {
    return this.lock.run(() => structuredClone(sortedStatuses(this.records)))
  }

  get(id: string): Promise<ImportStatus | undefined> {
    return this.lock.run(() => {
      const record = this.records.get(id)
      return record && structuredClone(record.status)
    })
  }

  logs(id: string, offset = 0, limit = 1000): Promise<readonly LogLine[] | undefined> {
    return this.lock.run(() => {
      const record = this.records.get(id)
      return record && structuredClone(record.logs.slice(offset, offset + limit))
    })
  }

  flush(): Promise<void> {
    return this.lock.run(() => undefined)
  }

  close(): Promise<void> {
    return this.flush()
  }
}
