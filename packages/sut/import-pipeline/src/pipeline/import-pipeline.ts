import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { RemoteFile } from '../listing/remote-file.js'
import { FileTableMapper, type TableMappingRule } from '../mapping/table-mapping.js'
import type { PatternSet } from '../patterns/file-pattern.js'
import { downloadFile } from '../sources/download-file.js'
import { type FileSource, SourceFileMissing } from '../sources/file-source.js'
import { listFiles } from '../sources/list-files.js'
import type { ImportStatus } from '../status/import-status.js'
import type { StatusStore } from '../status/status-store.js'
import { extractZip } from '../zip/extract-zip.js'
import type { ZipLimits } from '../zip/zip-limits.js'
import type { SqlDumpImporter } from './sql-dump-importer.js'

export type ChecksumPolicy = 'required' | 'if-present' | 'none'

export interface ImportPipelineOptions<Sink> {
  source: FileSource
  /** Which files of the source to import. Checksum sidecars (`*.sha256`) need not be included. */
  patterns: PatternSet
  store: StatusStore
  /** Scratch space for downloads and extracted dumps; partial downloads stay here to be resumed. */
  workDir: string
  mapping: readonly TableMappingRule[]
  importer: SqlDumpImporter<Sink>
  sink: Sink
  zipLimits?: Partial<ZipLimits>
  /** SHA-256 sidecar `<file>.sha256` next to each file: must exist, checked if it exists (default), or ignored. */
  checksums?: ChecksumPolicy
  /** Files processed at the same time; default 1 (a dump's rows arrive in file order). */
  concurrency?: number
  batchRows?: number
  /**
   * Retry files that failed in an earlier run although they did not change; default false.
   * Files whose download failed (a dropped connection, a checksum mismatch) are always retried,
   * resuming from the partial download; only files whose content was refused wait for a change.
   */
  retryFailed?: boolean
  /** Keep downloaded files after a successful import; default false. */
  keepDownloads?: boolean
  /** Least time between two progress updates of one file in the store; default 250 ms. */
  progressIntervalMs?: number
}

export interface PipelineRunSummary {
  listed: number
  /** Done in an earlier run and unchanged, or failed and not retried. */
  skipped: number
  imported: number
  failed: number
  rows: number
}

const DUMP_NAME = /\.sql$/i

/**
 * The import: list the source, and for each selected file not already done, download it
 * (resuming a partial download, checking its checksum), extract it when it is a ZIP (behind
 * every guard), import each SQL dump through the mapped tables, and record every step in the
 * status store, so a restart picks up where the last run stopped and never re-imports a file
 * that is done.
 */
export class ImportPipeline<Sink> {
  private readonly mapper: FileTableMapper

  constructor(private readonly options: ImportPipelineOptions<Sink>) {
    this.mapper = new FileTableMapper(options.mapping)
  }

  async runOnce(): Promise<PipelineRunSummary> {
    const { store, source } = this.options
    const files = await listFiles(source, { patterns: this.options.patterns })
    const summary: PipelineRunSummary = { listed: files.length, skipped: 0, imported: 0, failed: 0, rows: 0 }
    const todo: RemoteFile[] = []
    for (const file of files) {
      let status = await store.register(file)
      if (status.state === 'failed' && (this.options.retryFailed || status.failedIn === 'downloading')) {
        status = await store.update(file.name, { state: 'queued' })
      }
      if (status.state === 'queued') todo.push(file)
      else summary.skipped++
    }
    let next = 0
    const worker = async () => {
      for (let file = todo[next++]; file !== undefined; file = todo[next++]) {
        const status = await this.process(file)
        if (status.state === 'done') {
          summary.imported++
          summary.rows += status.rows
        } else summary.failed++
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 1) }, worker))
    await store.flush()
    return summary
  }

  /** One file through every stage; a failure is recorded as the file's status, never thrown. */
  private async process(file: RemoteFile): Promise<ImportStatus> {
    const { store } = this.options
    const fileDir = path.join(this.options.workDir, 'files', encodeURIComponent(file.name))
    const download = path.join(fileDir, 'download', path.posix.basename(file.name))
    const extractDir = path.join(fileDir, 'extracted')
    const throttle = this.throttled(file.name)
    try {
      await store.update(file.name, { state: 'downloading' })
      const expectedSha256 = await this.expectedChecksum(file)
      const downloaded = await downloadFile(this.options.source, file, download, {
        ...(expectedSha256 === undefined ? {} : { expectedSha256 }),
        onProgress: (bytes) => throttle({ bytesDone: bytes }),
      })
      await store.log(
        file.name,
        'info',
        `downloaded ${downloaded.bytes} bytes${downloaded.resumedFromByte > 0 ? `, resumed at byte ${downloaded.resumedFromByte}` : ''}, sha256 ${downloaded.sha256}${expectedSha256 ? ' (verified)' : ''}`,
      )

      let dumps: { name: string; path: string }[]
      if (/\.zip$/i.test(file.name)) {
        await store.update(file.name, { state: 'extracting' })
        await rm(extractDir, { recursive: true, force: true })
        const extracted = await extractZip(download, extractDir, {
          label: file.name,
          select: (entry) => DUMP_NAME.test(entry),
          ...(this.options.zipLimits ? { limits: this.options.zipLimits } : {}),
        })
        dumps = extracted.files.map((f) => ({ name: f.name, path: f.path }))
        await store.log(file.name, 'info', `extracted ${dumps.length} SQL dump(s), ${extracted.totalBytes} bytes`)
        if (dumps.length === 0) throw new Error(`${file.name} holds no *.sql dump; nothing to import`)
      } else {
        dumps = [{ name: path.posix.basename(file.name), path: download }]
      }

      await store.update(file.name, { state: 'importing' })
      const rowsByTable: Record<string, number> = {}
      for (const dump of dumps) {
        const tableFor = this.mapper.tableFor(dump.name)
        const rowsBefore = Object.values(rowsByTable).reduce((sum, n) => sum + n, 0)
        const result = await this.options.importer(createReadStream(dump.path, { highWaterMark: 256 * 1024 }), {
          fileName: dumps.length > 1 || dump.path !== download ? `${file.name}:${dump.name}` : file.name,
          tableFor,
          sink: this.options.sink,
          ...(this.options.batchRows === undefined ? {} : { batchRows: this.options.batchRows }),
          onProgress: (rows) => throttle({ rows: rowsBefore + rows }),
        })
        for (const [table, rows] of Object.entries(result.rowsByTable)) rowsByTable[table] = (rowsByTable[table] ?? 0) + rows
        await store.log(
          file.name,
          'info',
          `imported ${dump.name}: ${describeRows(result.rowsByTable)} from ${result.statements} statements`,
        )
      }
      throttle.cancel()
      const done = await store.update(file.name, { state: 'done', rowsByTable })
      await rm(this.options.keepDownloads ? extractDir : fileDir, { recursive: true, force: true })
      return done
    } catch (error) {
      throttle.cancel()
      const message = error instanceof Error ? error.message : String(error)
      await store.log(file.name, 'error', message)
      // The partial download (if any) stays for the next attempt to resume; extracted data goes.
      await rm(extractDir, { recursive: true, force: true })
      return store.update(file.name, { state: 'failed', error: message })
    }
  }

  private async expectedChecksum(file: RemoteFile): Promise<string | undefined> {
    const policy = this.options.checksums ?? 'if-present'
    if (policy === 'none') return undefined
    const sidecar = `${file.name}.sha256`
    let text = ''
    try {
      for await (const chunk of (await this.options.source.openRead(sidecar, 0)) as AsyncIterable<Buffer>) {
        text += chunk.toString('utf8')
        if (text.length > 4096) break
      }
    } catch (error) {
      if (error instanceof SourceFileMissing && policy === 'if-present') return undefined
      if (error instanceof SourceFileMissing) {
        throw new Error(
          `${file.name}: no checksum sidecar ${sidecar} at the source, and checksums are required; publish one (sha256sum) or set checksums: 'if-present'`,
        )
      }
      throw error
    }
    const hex = /\b[0-9a-fA-F]{64}\b/.exec(text)?.[0]
    if (hex === undefined) throw new Error(`${sidecar} holds no SHA-256 (64 hex digits); it should be the output of sha256sum`)
    return hex.toLowerCase()
  }

  /** Progress updates for one file at most every progressIntervalMs, last one kept. */
  private throttled(id: string) {
    const interval = this.options.progressIntervalMs ?? 250
    let last = 0
    let cancelled = false
    const update = (change: Parameters<StatusStore['update']>[1]) => {
      const now = Date.now()
      if (cancelled || now - last < interval) return
      last = now
      this.options.store.update(id, change).catch(() => undefined)
    }
    update.cancel = () => {
      cancelled = true
    }
    return update
  }
}

function describeRows(rowsByTable: Record<string, number>): string {
  const parts = Object.entries(rowsByTable).map(([table, rows]) => `${rows} rows into ${table}`)
  return parts.length > 0 ? parts.join(', ') : 'no rows'
}
