import type { RemoteFile } from '../listing/remote-file.js'
import { applyUpdate, type ImportStatus, isSameFile, type LogLevel, newStatus, type StatusUpdate, UnknownImport } from './import-status.js'
import type { ImportRecord } from './status-file.js'
import { MAX_LOG_LINES_PER_IMPORT } from './status-store.js'

/**
 * The state changes both stores make, on a plain map of records. They differ only in how they
 * guard these calls and when they write the result to disk.
 */
export function registerRecord(
  records: Map<string, ImportRecord>,
  file: RemoteFile,
  now: string,
): { record: ImportRecord; changed: boolean } {
  const existing = records.get(file.name)
  if (existing === undefined) {
    const record: ImportRecord = { status: newStatus(file, now), logs: [] }
    records.set(file.name, record)
    appendLog(record, 'info', `listed (${file.sizeBytes} bytes); queued`, now)
    return { record, changed: true }
  }
  if (isSameFile(existing.status, file)) return { record: existing, changed: false }
  const { state } = existing.status
  const requeue = state === 'done' || state === 'failed'
  existing.status = {
    ...(requeue ? applyUpdate(existing.status, { state: 'queued' }, now) : existing.status),
    sizeBytes: file.sizeBytes,
    modifiedMs: file.modifiedMs,
  }
  appendLog(existing, 'info', `changed at the source (now ${file.sizeBytes} bytes)${requeue ? '; queued again' : ''}`, now)
  return { record: existing, changed: true }
}

export function updateRecord(records: Map<string, ImportRecord>, id: string, update: StatusUpdate, now: string): ImportRecord {
  const record = records.get(id)
  if (record === undefined) throw new UnknownImport(id)
  record.status = applyUpdate(record.status, update, now)
  return record
}

export function appendLog(record: ImportRecord, level: LogLevel, message: string, now: string): void {
  record.logs.push({ at: now, level, message })
  if (record.logs.length > MAX_LOG_LINES_PER_IMPORT) record.logs.splice(0, record.logs.length - MAX_LOG_LINES_PER_IMPORT)
  record.status = { ...record.status, logLines: record.logs.length }
}

export function logRecord(records: Map<string, ImportRecord>, id: string, level: LogLevel, message: string, now: string): void {
  const record = records.get(id)
  if (record === undefined) throw new UnknownImport(id)
  appendLog(record, level, message, now)
}

/** A state change the pipeline must not lose: awaited to disk. Progress and log lines may trail. */
export const isDurableUpdate = (update: StatusUpdate): boolean => update.state !== undefined

export const sortedStatuses = (records: Map<string, ImportRecord>): ImportStatus[] =>
  [...records.values()].map((r) => r.status).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
