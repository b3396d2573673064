import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StatusTransitionError, UnknownImport } from './import-status.js'
import { openStatusStore } from './open-status-store.js'
import { MAX_LOG_LINES_PER_IMPORT, type StatusStoreKind } from './status-store.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'status-test-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const file = { name: 'exports/dump_1.sql.zip', sizeBytes: 1000, modifiedMs: 1_800_000_000_000 }
const kinds: StatusStoreKind[] = ['global-lock', 'fine-grained']

describe.each(kinds)('the %s status store', (kind) => {
  it('tracks a file from queued to done with row counts and log lines', async () => {
    const store = await openStatusStore(dir, kind)
    expect(await store.register(file)).toMatchObject({ id: file.name, state: 'queued', attempts: 0, rows: 0 })
    await store.update(file.name, { state: 'downloading' })
    await store.update(file.name, { bytesDone: 500 })
    await store.log(file.name, 'info', 'downloaded 1000 bytes')
    await store.update(file.name, { state: 'extracting' })
    await store.update(file.name, { state: 'importing' })
    await store.update(file.name, { rowsByTable: { users: 10, orders: 5 } })
    const done = await store.update(file.name, { state: 'done' })
    expect(done).toMatchObject({ state: 'done', attempts: 1, rows: 15, rowsByTable: { users: 10, orders: 5 }, logLines: 2 })
    expect((await store.logs(file.name))?.map((l) => l.message)).toEqual(['listed (1000 bytes); queued', 'downloaded 1000 bytes'])
    expect((await store.logs(file.name, 1, 5))?.map((l) => l.message)).toEqual(['downloaded 1000 bytes'])
    expect(await store.list()).toEqual([done])
    await store.close()
  })

  it('refuses transitions the pipeline never makes and unknown ids', async () => {
    const store = await openStatusStore(dir, kind)
    await store.register(file)
    await expect(store.update(file.name, { state: 'done' })).rejects.toBeInstanceOf(StatusTransitionError)
    await expect(store.update(file.name, { state: 'done' })).rejects.toThrow(
      /cannot go from queued to done \(allowed: downloading, failed\)/,
    )
    await expect(store.update('nope', { state: 'failed' })).rejects.toBeInstanceOf(UnknownImport)
    await expect(store.log('nope', 'info', 'x')).rejects.toBeInstanceOf(UnknownImport)
    expect(await store.get('nope')).toBeUndefined()
    expect(await store.logs('nope')).toBeUndefined()
  })

  it('never changes a status it has handed out', async () => {
    const store = await openStatusStore(dir, kind)
    const queued = await store.register(file)
    const listed = await store.list()
    await store.update(file.name, { state: 'downloading' })
    expect(queued.state).toBe('queued')
    expect(listed[0]?.state).toBe('queued')
    expect((await store.get(file.name))?.state).toBe('downloading')
  })

  it('remembers done files across a restart, and queues them again only when the file changed', async () => {
    const first = await openStatusStore(dir, kind)
    await first.register(file)
    for (const state of ['downloading', 'extracting', 'importing'] as const) await first.update(file.name, { state })
    await first.update(file.name, { rowsByTable: { users: 3 } })
    await first.update(file.name, { state: 'done' })
    await first.close()

    const second = await openStatusStore(dir, kind)
    expect(await second.register(file)).toMatchObject({ state: 'done', rows: 3 })
    const changed = await second.register({ ...file, sizeBytes: 2000 })
    expect(changed).toMatchObject({ state: 'queued', rows: 0, sizeBytes: 2000 })
    expect((await second.logs(file.name))?.at(-1)?.message).toBe('changed at the source (now 2000 bytes); queued again')
  })

  it('queues an import that a restart interrupted, with a log line saying so', async () => {
    const first = await openStatusStore(dir, kind)
    await first.register(file)
    await first.update(file.name, { state: 'downloading' })
    await first.update(file.name, { state: 'importing', rowsByTable: { users: 7 } })
    // No close(): the process died here.
    const second = await openStatusStore(dir, kind)
    expect(await second.get(file.name)).toMatchObject({ state: 'queued', rows: 0, attempts: 1 })
    expect((await second.logs(file.name))?.at(-1)).toMatchObject({
      level: 'warn',
      message: 'interrupted by a restart while importing; queued again',
    })
  })

  it('writes the status file atomically and refuses a corrupt one with what to do', async () => {
    const store = await openStatusStore(dir, kind)
    await store.register(file)
    await store.flush()
    expect(JSON.parse(await readFile(path.join(dir, 'import-status.json'), 'utf8'))).toMatchObject({ version: 1 })
    await writeFile(path.join(dir, 'import-status.json'), '{"version":1,"imp')
    await expect(openStatusStore(dir, kind)).rejects.toThrow(/not valid JSON.*delete it to re-import everything/)
  })

  it('keeps statuses consistent for readers running alongside a writer', async () => {
    const store = await openStatusStore(dir, kind)
    const files = Array.from({ length: 20 }, (_, i) => ({ ...file, name: `f${String(i).padStart(2, '0')}.zip` }))
    for (const f of files) await store.register(f)
    const writer = (async () => {
      for (const f of files) {
        await store.update(f.name, { state: 'downloading' })
        await store.log(f.name, 'info', 'downloading')
      }
    })()
    const readers = Array.from({ length: 10 }, async () => {
      for (let i = 0; i < 20; i++) {
        const list = await store.list()
        expect(list.map((s) => s.id)).toEqual(files.map((f) => f.name))
        // The writer goes through the files in order, so the statuses seen at any instant are a prefix of 'downloading'.
        const states = list.map((s) => s.state).join(',')
        expect(states).toMatch(/^(downloading,)*(downloading|queued)?(,queued)*$/)
      }
    })
    await Promise.all([writer, ...readers])
    await store.flush()
    expect((await store.list()).every((s) => s.state === 'downloading' && s.logLines === 2)).toBe(true)
  })
})

describe('log retention', () => {
  it('keeps the newest log lines of an import, up to the limit', async () => {
    const store = await openStatusStore(dir, 'fine-grained')
    await store.register(file)
    for (let i = 0; i < MAX_LOG_LINES_PER_IMPORT + 10; i++) await store.log(file.name, 'info', `line ${i}`)
    expect(await store.get(file.name)).toMatchObject({ logLines: MAX_LOG_LINES_PER_IMPORT })
    const logs = await store.logs(file.name, 0, 2)
    // The registration line and lines 0–9 were dropped.
    expect(logs?.map((l) => l.message)).toEqual(['line 10', 'line 11'])
    await store.close()
  })
})
