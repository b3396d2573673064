import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TableMappingRule } from '../mapping/table-mapping.js'
import type { FileSource } from '../sources/file-source.js'
import { LocalDirectorySource } from '../sources/local-directory-source.js'
import { openStatusStore } from '../status/open-status-store.js'
import type { StatusStore } from '../status/status-store.js'
import { ZipWriter } from '../zip/zip-writer.js'
import { ImportPipeline, type ImportPipelineOptions } from './import-pipeline.js'
import type { SqlDumpImporter } from './sql-dump-importer.js'

/**
 * A stand-in for the real SQL importer (src/sql), enough to drive the pipeline: one
 * `INSERT INTO t VALUES (…),(…);` per line, anything else but comments refused with its line.
 */
interface RecordingSink {
  rows: { table: string; values: string }[]
}
const calls: string[] = []
const fakeImporter: SqlDumpImporter<RecordingSink> = async (input, { fileName, tableFor, sink, onProgress }) => {
  calls.push(fileName)
  let text = ''
  for await (const chunk of input) text += chunk.toString()
  const rowsByTable: Record<string, number> = {}
  let statements = 0
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('--')) continue
    statements++
    const insert = /^INSERT INTO `?(\w+)`? VALUES (.*);$/.exec(line)
    if (!insert) throw new Error(`${fileName}:${index + 1}: statement not allowed: ${line.slice(0, 40)}`)
    const target = tableFor(insert[1] as string)
    if (target === undefined) throw new Error(`${fileName}:${index + 1}: table ${insert[1]} is not in the mapping`)
    for (const values of (insert[2] as string).split('),(')) sink.rows.push({ table: target, values })
    rowsByTable[target] = (rowsByTable[target] ?? 0) + (insert[2] as string).split('),(').length
    onProgress?.(Object.values(rowsByTable).reduce((a, b) => a + b, 0))
  }
  return { rowsByTable, statements, bytes: text.length }
}

const MAPPING: TableMappingRule[] = [
  { files: { kind: 'glob', pattern: 'users*.sql' }, tables: { users: 'imported_users' } },
  { files: { kind: 'glob', pattern: '**/orders*.sql' }, tables: { orders: 'imported_orders', order_items: 'imported_order_items' } },
]

let work: string
let remote: string
let store: StatusStore
let sink: RecordingSink

async function zipOf(name: string, entries: [string, string][]): Promise<void> {
  const writer = new ZipWriter(path.join(remote, name))
  for (const [entry, text] of entries) await writer.add(entry, text)
  await writer.finish()
}

function pipeline(overrides: Partial<ImportPipelineOptions<RecordingSink>> = {}) {
  return new ImportPipeline<RecordingSink>({
    source: new LocalDirectorySource(remote),
    patterns: { include: [{ kind: 'glob', pattern: '*.{zip,sql}' }], exclude: [] },
    store,
    workDir: path.join(work, 'work'),
    mapping: MAPPING,
    importer: fakeImporter,
    sink,
    ...overrides,
  })
}

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pipeline-test-'))
  remote = path.join(work, 'remote')
  await mkdir(remote)
  store = await openStatusStore(path.join(work, 'state'))
  sink = { rows: [] }
  calls.length = 0
  await zipOf('batch_1.zip', [
    ['users_1.sql', "-- dump\nINSERT INTO `users` VALUES (1,'a'),(2,'b');\n"],
    ['nested/orders_1.sql', 'INSERT INTO orders VALUES (1,10);\nINSERT INTO order_items VALUES (1,1),(1,2),(1,3);\n'],
    ['readme.txt', 'not imported'],
  ])
  await writeFile(path.join(remote, 'users_2.sql'), "INSERT INTO users VALUES (3,'c');\n")
  await writeFile(path.join(remote, 'notes.txt'), 'not listed')
})
afterEach(async () => {
  await store.close()
  await rm(work, { recursive: true, force: true })
})

describe('the import pipeline', () => {
  it('downloads, extracts and imports every selected file into the mapped tables, and records it', async () => {
    const summary = await pipeline().runOnce()
    expect(summary).toEqual({ listed: 2, skipped: 0, imported: 2, failed: 0, rows: 7 })
    expect(sink.rows.map((r) => r.table).sort()).toEqual([
      'imported_order_items',
      'imported_order_items',
      'imported_order_items',
      'imported_orders',
      'imported_users',
      'imported_users',
      'imported_users',
    ])
    expect(await store.get('batch_1.zip')).toMatchObject({
      state: 'done',
      attempts: 1,
      rows: 6,
      rowsByTable: { imported_users: 2, imported_orders: 1, imported_order_items: 3 },
    })
    const log = (await store.logs('batch_1.zip'))?.map((l) => l.message) ?? []
    expect(log).toContainEqual(expect.stringMatching(/^downloaded \d+ bytes, sha256 [0-9a-f]{64}$/))
    expect(log).toContainEqual(expect.stringMatching(/^extracted 2 SQL dump\(s\), \d+ bytes$/))
    expect(log).toContain('imported nested/orders_1.sql: 1 rows into imported_orders, 3 rows into imported_order_items from 2 statements')
    // Work files are cleaned up after a successful import.
    expect(await readdir(path.join(work, 'work', 'files'))).toEqual([])
  })

  it('does not import completed files again after a restart, but does import a file that changed', async () => {
    await pipeline().runOnce()
    await store.close()
    store = await openStatusStore(path.join(work, 'state'))
    calls.length = 0
    expect(await pipeline().runOnce()).toEqual({ listed: 2, skipped: 2, imported: 0, failed: 0, rows: 0 })
    expect(calls).toEqual([])

    await writeFile(path.join(remote, 'users_2.sql'), "INSERT INTO users VALUES (3,'c'),(4,'d');\n")
    expect(await pipeline().runOnce()).toMatchObject({ skipped: 1, imported: 1, rows: 2 })
    expect(calls).toEqual(['users_2.sql'])
  })

  it('resumes an import that a crash interrupted, from the start of that file', async () => {
    await store.register({ name: 'users_2.sql', sizeBytes: 34, modifiedMs: 0 })
    await store.update('users_2.sql', { state: 'downloading' })
    await store.update('users_2.sql', { state: 'importing' })
    // The process died; a new one opens the same state directory.
    store = await openStatusStore(path.join(work, 'state'))
    await pipeline().runOnce()
    expect(await store.get('users_2.sql')).toMatchObject({ state: 'done', attempts: 2, rows: 1 })
  })

  it('fails a ZIP with a zip-slip entry without touching the other files, naming the entry', async () => {
    await zipOf('evil.zip', [['../../escape.sql', 'INSERT INTO users VALUES (9);\n']])
    const summary = await pipeline().runOnce()
    expect(summary).toMatchObject({ imported: 2, failed: 1 })
    const evil = await store.get('evil.zip')
    expect(evil?.state).toBe('failed')
    expect(evil?.error).toMatch(/entry "\.\.\/\.\.\/escape\.sql" rejected \(path-escapes-target\)/)
    expect((await store.logs('evil.zip'))?.at(-1)).toMatchObject({ level: 'error' })
    expect(await readdir(work)).not.toContain('escape.sql')
  })

  it('fails a dump the importer rejects, and a dump that no mapping rule covers, with the reason', async () => {
    await writeFile(path.join(remote, 'users_3.sql'), 'DROP TABLE users;\n')
    await writeFile(path.join(remote, 'payments.sql'), 'INSERT INTO payments VALUES (1);\n')
    await pipeline().runOnce()
    expect((await store.get('users_3.sql'))?.error).toBe('users_3.sql:1: statement not allowed: DROP TABLE users;')
    expect((await store.get('payments.sql'))?.error).toMatch(/"payments.sql" matches no table-mapping rule/)
  })

  it('retries failed files only when asked to', async () => {
    await writeFile(path.join(remote, 'users_3.sql'), 'DROP TABLE users;\n')
    await pipeline().runOnce()
    expect(await pipeline().runOnce()).toMatchObject({ skipped: 3, failed: 0 })
    expect(await pipeline({ retryFailed: true }).runOnce()).toMatchObject({ skipped: 2, failed: 1 })
    expect(await store.get('users_3.sql')).toMatchObject({ state: 'failed', attempts: 2 })
  })

  it('retries a failed download on the next run, resuming from the bytes it had', async () => {
    const content = `${"INSERT INTO users VALUES (1,'x');\n".repeat(20_000)}`
    await writeFile(path.join(remote, 'users_9.sql'), content)
    const local = new LocalDirectorySource(remote)
    const offsets: number[] = []
    let dropConnection = true
    const flaky: FileSource = {
      label: 'flaky',
      readDirectory: (dir) => local.readDirectory(dir),
      close: () => local.close(),
      openRead: async (name, start) => {
        if (name !== 'users_9.sql') return local.openRead(name, start)
        offsets.push(start)
        const stream = await local.openRead(name, start)
        if (!dropConnection) return stream
        dropConnection = false
        return Readable.from(
          (async function* () {
            let sent = 0
            for await (const chunk of stream as AsyncIterable<Buffer>) {
              yield chunk.subarray(0, 100_000 - sent)
              sent += Math.min(chunk.length, 100_000 - sent)
              if (sent >= 100_000) throw new Error('connection reset by peer')
            }
          })(),
        )
      },
    }
    expect(await pipeline({ source: flaky }).runOnce()).toMatchObject({ failed: 1 })
    expect(await store.get('users_9.sql')).toMatchObject({ state: 'failed', failedIn: 'downloading', error: 'connection reset by peer' })
    expect(await pipeline({ source: flaky }).runOnce()).toMatchObject({ imported: 1, failed: 0, rows: 20_000 })
    expect(offsets).toEqual([0, 100_000])
    expect(await store.get('users_9.sql')).toMatchObject({ state: 'done', attempts: 2 })
    expect((await store.logs('users_9.sql'))?.map((l) => l.message)).toContainEqual(expect.stringMatching(/resumed at byte 100000/))
  })

  it('checks SHA-256 sidecars, and requires them when told to', async () => {
    const text = "INSERT INTO users VALUES (3,'c');\n"
    await writeFile(path.join(remote, 'users_2.sql.sha256'), `${createHash('sha256').update(text).digest('hex')}  users_2.sql\n`)
    await writeFile(path.join(remote, 'batch_1.zip.sha256'), `${'0'.repeat(64)}  batch_1.zip\n`)
    await pipeline().runOnce()
    expect(await store.get('users_2.sql')).toMatchObject({ state: 'done' })
    expect((await store.logs('users_2.sql'))?.some((l) => l.message.endsWith('(verified)'))).toBe(true)
    expect((await store.get('batch_1.zip'))?.error).toMatch(/SHA-256 is [0-9a-f]{64}, expected 0{64}/)

    await writeFile(path.join(remote, 'users_4.sql'), text)
    await pipeline({ checksums: 'required' }).runOnce()
    expect((await store.get('users_4.sql'))?.error).toMatch(/no checksum sidecar users_4.sql.sha256.*checksums are required/)
  })
})
