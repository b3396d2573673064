import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ImportStatus, LogLine } from './import-status.js'

export interface ImportRecord {
  status: ImportStatus
  logs: LogLine[]
}

interface StatusFileV1 {
  version: 1
  imports: ImportRecord[]
}

const FILE = 'import-status.json'

/**
 * The store's on-disk form: one JSON file, replaced atomically (write a temp file, then
 * rename), so a crash leaves either the old or the new state, never half of one.
 */
export async function writeStatusFile(dir: string, records: Iterable<ImportRecord>): Promise<void> {
  const file = path.join(dir, FILE)
  const temp = `${file}.${process.pid}.tmp`
  const body: StatusFileV1 = { version: 1, imports: [...records] }
  await writeFile(temp, JSON.stringify(body))
  await rename(temp, file)
}

/**
 * Loads the records, and puts imports that a crash or restart interrupted mid-way back in the
 * queue with a log line saying so: their rows may be partly imported, so they run again in full.
 */
export async function readStatusFile(dir: string, now: string): Promise<ImportRecord[]> {
  await mkdir(dir, { recursive: true })
  const file = path.join(dir, FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  let parsed: StatusFileV1
  try {
    parsed = JSON.parse(text) as StatusFileV1
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON (${(error as Error).message}); restore it from a backup or delete it to re-import everything`,
      {
        cause: error,
      },
    )
  }
  if (parsed.version !== 1 || !Array.isArray(parsed.imports)) {
    throw new Error(`${file} has version ${String(parsed.version)}, this program reads version 1; use a matching version of the importer`)
  }
  for (const record of parsed.imports) {
    const { state } = record.status
    if (state === 'downloading' || state === 'extracting' || state === 'importing') {
      const message = `interrupted by a restart while ${state}; queued again`
      record.logs.push({ at: now, level: 'warn', message })
      record.status = {
        ...record.status,
        state: 'queued',
        bytesDone: 0,
        rowsByTable: {},
        rows: 0,
        updatedAt: now,
        logLines: record.logs.length,
      }
    }
  }
  return parsed.imports
}
