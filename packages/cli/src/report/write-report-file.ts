import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DynoError } from '@dyno/core'

/**
 * Writes a rendered report atomically (temp file + rename), so a reader never opens half a
 * page and a failed write leaves the previous report in place. A path the user named that
 * cannot be written is their input to fix (exit 2), said in one line with a hint.
 */
const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'part of the path is a file, not a directory',
  EEXIST: 'part of the path is a file, not a directory',
  ENOSPC: 'no space left on the device',
}

export async function writeReportFile(file: string, content: string): Promise<void> {
  const existing = await stat(file).catch(() => null)
  if (existing?.isDirectory()) {
    throw new DynoError('report-path-is-directory', `${file} is a directory, not a file to write the report to`, {
      hint: `name a file, e.g. ${path.join(file, 'index.html')}`,
    })
  }
  const temp = `${file}.${process.pid}.tmp`
  try {
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(temp, content, 'utf8')
    await rename(temp, file)
  } catch (error) {
    // Best effort: when the directory itself is the problem there is no temp file to remove.
    await rm(temp, { force: true }).catch(() => undefined)
    const code = String((error as { code?: unknown }).code ?? '')
    const why = WHY[code] ?? (error instanceof Error ? error.message : String(error))
    throw new DynoError('report-not-written', `cannot write the report to ${file}: ${why}`, {
      hint: 'pass a writable location with --out, --html or --reports (or $DYNO_REPORTS_DIR)',
      cause: error,
    })
  }
}
