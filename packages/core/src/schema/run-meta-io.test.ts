import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RUN_META_FILE, type RunMeta } from './run-meta.js'
import { readRunMeta, writeRunMeta } from './run-meta-io.js'

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dyno-meta-'))
  dirs.push(dir)
  return dir
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

const meta: RunMeta = {
  kind: 'dyno-run-meta',
  metaVersion: 1,
  runId: '20261123T104512Z-3fa9',
  command: 'compare-refs',
  dynoVersion: '0.2.0',
  createdAt: '2026-11-23T10:45:12.000Z',
  shard: { index: 2, count: 4 },
  selected: ['a/one', 'a/two'],
  skipped: [{ scenarioId: 'a/two', reason: 'needs a mysql database' }],
  git: null,
  refs: {
    base: { ref: 'origin/main', sha: 'a'.repeat(40), dirty: false, dynoVersion: '0.2.0' },
    head: { ref: 'HEAD', sha: 'b'.repeat(40), dirty: false, dynoVersion: '0.2.0' },
  },
  added: [],
  removed: ['a/three'],
  mergedFrom: [],
}

describe('run meta files', () => {
  it('round-trip through an atomic write and validate against the published schema', async () => {
    const dir = await tempDir()
    await writeRunMeta(dir, meta)
    expect(await readRunMeta(dir)).toEqual(meta)
  })

  it('are optional: a run without one reads as null', async () => {
    expect(await readRunMeta(await tempDir())).toBeNull()
  })

  it('name the field that is wrong, and refuse a newer version', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, RUN_META_FILE), JSON.stringify({ ...meta, shard: { index: 0, count: 4 } }))
    await expect(readRunMeta(dir)).rejects.toMatchObject({
      code: 'run-meta-invalid',
      details: expect.arrayContaining(['shard.index: must be >= 1']),
    })
    await writeFile(path.join(dir, RUN_META_FILE), JSON.stringify({ ...meta, metaVersion: 2 }))
    await expect(readRunMeta(dir)).rejects.toThrow(/metaVersion 2, newer than this dyno/)
  })
})
