import type { RemoteFile } from '../listing/remote-file.js'

/** Where one file is in the pipeline. `done` and `failed` are final until the file changes or is retried. */
export type ImportState = 'queued' | 'downloading' | 'extracting' | 'importing' | 'done' | 'failed'

export type LogLevel = 'info' | 'warn' | 'error'

export interface LogLine {
  at: string
  level: LogLevel
  message: string
}

/** The status of one source file's import, as the API shows it. Immutable once handed out. */
export interface ImportStatus {
  /** The source file's relative name; also its id in the API (URL-encoded). */
  id: string
  sizeBytes: number
  modifiedMs: number
  state: ImportState
  /** Bytes downloaded or inflated so far in the current state. */
  bytesDone: number
  rowsByTable: Readonly<Record<string, number>>
  rows: number
  /** Attempts started (a retry after `failed`, or after a restart, counts again). */
  attempts: number
  error?: string
  /** The state a `failed` import was in when it failed: a failed download is worth retrying, a refused dump is not. */
  failedIn?: ImportState
  createdAt: string
  updatedAt: string
  logLines: number
}

export interface StatusUpdate {
  state?: ImportState
  bytesDone?: number
  /** Rows imported so far per table; replaces the previous figures. */
  rowsByTable?: Readonly<Record<string, number>>
  /** Rows imported so far while the per-table figures are not known yet (progress). */
  rows?: number
  error?: string
}

/** The transitions the pipeline makes; anything else is a bug in the caller and is refused. */
const NEXT: Readonly<Record<ImportState, readonly ImportState[]>> = {
  queued: ['downloading', 'failed'],
  downloading: ['extracting', 'importing', 'failed'],
  extracting: ['importing', 'failed'],
  importing: ['done', 'failed'],
  done: ['queued'],
  failed: ['queued'],
}

export class StatusTransitionError extends Error {
  constructor(id: string, from: ImportState, to: ImportState) {
    super(`import ${JSON.stringify(id)}: cannot go from ${from} to ${to} (allowed: ${NEXT[from].join(', ')})`)
    this.name = 'StatusTransitionError'
  }
}

export class UnknownImport extends Error {
  constructor(id: string) {
    super(`no import ${JSON.stringify(id)}; register the file first`)
    this.name = 'UnknownImport'
  }
}

/** The next status after `update`, or a StatusTransitionError. Pure: both stores share it. */
export function applyUpdate(current: ImportStatus, update: StatusUpdate, now: string): ImportStatus {
  const next: ImportStatus = { ...current, updatedAt: now }
  if (update.state !== undefined && update.state !== current.state) {
    if (!NEXT[current.state].includes(update.state)) throw new StatusTransitionError(current.id, current.state, update.state)
    next.state = update.state
    next.bytesDone = 0
    if (update.state === 'downloading') next.attempts = current.attempts + 1
    if (update.state === 'failed') next.failedIn = current.state
    if (update.state === 'queued') {
      next.rowsByTable = {}
      next.rows = 0
      delete next.error
      delete next.failedIn
    }
  }
  if (update.bytesDone !== undefined) next.bytesDone = update.bytesDone
  if (update.rows !== undefined) next.rows = update.rows
  if (update.rowsByTable !== undefined) {
    next.rowsByTable = { ...update.rowsByTable }
    next.rows = Object.values(update.rowsByTable).reduce((sum, n) => sum + n, 0)
  }
  if (update.error !== undefined) next.error = update.error
  return next
}

export function newStatus(file: RemoteFile, now: string): ImportStatus {
  return {
    id: file.name,
    sizeBytes: file.sizeBytes,
    modifiedMs: file.modifiedMs,
    state: 'queued',
    bytesDone: 0,
    rowsByTable: {},
    rows: 0,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    logLines: 0,
  }
}

/** Same name, size and modification time: the file already imported, not a new version of it. */
export const isSameFile = (status: ImportStatus, file: RemoteFile): boolean =>
  status.sizeBytes === file.sizeBytes && status.modifiedMs === file.modifiedMs
