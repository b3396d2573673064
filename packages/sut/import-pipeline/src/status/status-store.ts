import type { RemoteFile } from '../listing/remote-file.js'
import type { ImportStatus, LogLevel, LogLine, StatusUpdate } from './import-status.js'

/**
 * Per-file import status, persisted in a directory so that a restarted pipeline knows which
 * files are done. Two implementations, seed 001's status-tracking hot spot before and after:
 * `GlobalLockStatusStore` and `FineGrainedStatusStore`.
 */
export interface StatusStore {
  /**
   * Starts tracking a listed file, or returns its existing status. A file that was `done` or
   * `failed` and has since changed (size or modification time) is queued again.
   */
  register(file: RemoteFile): Promise<ImportStatus>
  update(id: string, update: StatusUpdate): Promise<ImportStatus>
  log(id: string, level: LogLevel, message: string): Promise<void>
  list(): Promise<readonly ImportStatus[]>
  get(id: string): Promise<ImportStatus | undefined>
  /** Log lines from `offset` (0 = oldest kept), at most `limit`; undefined for an unknown import. */
  logs(id: string, offset?: number, limit?: number): Promise<readonly LogLine[] | undefined>
  /** Resolves once everything so far is on disk. */
  flush(): Promise<void>
  close(): Promise<void>
}

export type StatusStoreKind = 'global-lock' | 'fine-grained'

/** At most this many log lines are kept per import (the oldest go first); a stuck retry loop must not fill the disk. */
export const MAX_LOG_LINES_PER_IMPORT = 5000
