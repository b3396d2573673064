import { mkdtemp, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStatusStore } from '../status/open-status-store.js'
import type { StatusStore } from '../status/status-store.js'
import { createStatusApi } from './status-api.js'

describe('the status HTTP API', () => {
  let dir: string
  let store: StatusStore
  let server: Server
  let base: string

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'status-api-'))
    store = await openStatusStore(dir)
    await store.register({ name: 'a.sql.zip', sizeBytes: 10, modifiedMs: 0 })
    await store.register({ name: 'exports/b c.sql', sizeBytes: 20, modifiedMs: 0 })
    await store.update('a.sql.zip', { state: 'downloading' })
    for (let i = 0; i < 5; i++) await store.log('a.sql.zip', 'info', `line ${i}`)
    server = createStatusApi(store)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const get = async (p: string, init?: RequestInit) => {
    const response = await fetch(base + p, init)
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('lists every import with its state', async () => {
    const { status, body } = await get('/imports')
    expect(status).toBe(200)
    expect((body['imports'] as { id: string; state: string }[]).map((s) => [s.id, s.state])).toEqual([
      ['a.sql.zip', 'downloading'],
      ['exports/b c.sql', 'queued'],
    ])
  })

  it('shows one import by its URL-encoded file name', async () => {
    const { status, body } = await get(`/imports/${encodeURIComponent('exports/b c.sql')}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ id: 'exports/b c.sql', state: 'queued', sizeBytes: 20 })
  })

  it('pages through an import’s log lines', async () => {
    const { status, body } = await get('/imports/a.sql.zip/logs?offset=2&limit=2')
    expect(status).toBe(200)
    expect(body['offset']).toBe(2)
    expect((body['lines'] as { message: string }[]).map((l) => l.message)).toEqual(['line 1', 'line 2'])
  })

  it('answers unknown imports, bad parameters, unknown routes and writes with a JSON error and a hint', async () => {
    expect(await get('/imports/missing.zip')).toMatchObject({ status: 404, body: { error: 'no import "missing.zip"' } })
    expect(await get('/imports/missing.zip/logs')).toMatchObject({ status: 404 })
    expect(await get('/imports/a.sql.zip/logs?limit=5000')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/limit must be an integer from 0 to 1000/) },
    })
    expect(await get('/imports/%E0%A4%A')).toMatchObject({ status: 400, body: { hint: expect.stringMatching(/encodeURIComponent/) } })
    expect(await get('/nothing')).toMatchObject({ status: 404, body: { hint: expect.stringMatching(/routes:/) } })
    expect(await get('/imports', { method: 'POST' })).toMatchObject({ status: 405, body: { hint: expect.stringMatching(/read-only/) } })
    expect(await get('/health')).toEqual({ status: 200, body: { ok: true } })
  })
})
