import type { RemoteFile } from '../listing/remote-file.js'
import type { ImportStatus, LogLevel, LogLine, StatusUpdate } from './import-status.js'
import { isDurableUpdate, logRecord, registerRecord, sortedStatuses, updateRecord } from './record-mutations.js'
import { type ImportRecord, readStatusFile, writeStatusFile } from './status-file.js'
import type { StatusStore } from './status-store.js'

/**
 * Writes the status file at most once at a time. Requests made while a write is running are
 * coalesced into one follow-up write, which captures every change made before it starts; a
 * burst of 1,000 log lines costs two writes, not 1,000.
 */
class CoalescingWriter {
  private running: Promise<void> = Promise.resolve()
  private queued: Promise<void> | undefined

  constructor(private readonly write: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.queued) return this.queued
    const next = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined
        return this.write()
      })
    this.queued = next
    this.running = next
    return next
  }
}

/**
 * Seed 001's "after": no lock on the read path. Each record's status is an immutable object
 * replaced on every change (copy-on-write), so a reader gets a consistent snapshot without
 * waiting and without a copy, and the sorted list is rebuilt only after a change. Node runs
 * every mutation to completion on one thread, so records need no per-record lock; what is left
 * to serialise is the disk, and the CoalescingWriter does that. State changes are awaited to
 * disk (a restart must not re-import a file that is `done`); progress and log lines trail by
 * at most one write.
 */
export class FineGrainedStatusStore implements StatusStore {
  private readonly writer: CoalescingWriter
  private listCache: readonly ImportStatus[] | undefined
  private lastWriteError: unknown

  private constructor(
    private readonly dir: string,
    private readonly records: Map<string, ImportRecord>,
  ) {
    this.writer = new CoalescingWriter(() => writeStatusFile(this.dir, this.records.values()))
  }

  static async open(dir: string): Promise<FineGrainedStatusStore> {
    const records = await readStatusFile(dir, new Date().toISOString())
    const store = new FineGrainedStatusStore(dir, new Map(records.map((r) => [r.status.id, r])))
    await store.writer.request()
    return store
  }

  private changed(durable: boolean): Promise<void> {
    this.listCache = undefined
    const written = this.writer.request()
    if (durable) return written
    written.catch((error: unknown) => {
      this.lastWriteError = error
    })
    return Promise.resolve()
  }

  async register(file: RemoteFile): Promise<ImportStatus> {
    const { record, changed } = registerRecord(this.records, file, new Date().toISOString())
    if (changed) await this.changed(true)
    return record.status
  }

  async update(id: string, update: StatusUpdate): Promise<ImportStatus> {
    const record = updateRecord(this.records, id, update, new Date().toISOString())
    await this.changed(isDurableUpdate(update))
    return record.status
  }

  async log(id: string, level: LogLevel, message: string): Promise<void> {
    logRecord(this.records, id, level, message, new Date().toISOString())
    await this.changed(false)
  }

  async list(): Promise<readonly ImportStatus[]> {
    this.listCache ??= Object.freeze(sortedStatuses(this.records))
    return this.listCache
  }

  async get(id: string): Promise<ImportStatus | undefined> {
    return this.records.get(id)?.status
  }

  async logs(id: string, offset = 0, limit = 1000): Promise<readonly LogLine[] | undefined> {
    return this.records.get(id)?.logs.slice(offset, offset + limit)
  }

  async flush(): Promise<void> {
    await this.writer.request()
    if (this.lastWriteError !== undefined) {
      const error = this.lastWriteError
      this.lastWriteError = undefined
      throw error
    }
  }

  close(): Promise<void> {
    return this.flush()
  }
}
