import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ResultFile } from '@dyno/core'
import { afterAll, describe, expect, it } from 'vitest'
import { copyProfileFiles } from './copy-profile-files.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'dyno-copy-profiles-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A result whose profile names these files; nothing else of it matters here. */
function profiled(files: (string | null)[]): ResultFile {
  return {
    scenario: { id: 'tiny/work' },
    profile: { variants: files.map((f, i) => ({ label: `head:v${i}`, cpuProfile: f, heapProfile: null })) },
  } as unknown as ResultFile
}

describe('copyProfileFiles', () => {
  it('copies the profiles a shard’s result names into the merged run, under the same relative paths', async () => {
    const shard = path.join(dir, 'shard', 'head')
    mkdirSync(path.join(shard, 'profiles', 'tiny', 'work'), { recursive: true })
    writeFileSync(path.join(shard, 'profiles', 'tiny', 'work', 'base_after.cpuprofile'), '{"nodes":[]}')
    const merged = path.join(dir, 'merged', 'head')
    const notes = await copyProfileFiles(
      profiled(['profiles/tiny/work/base_after.cpuprofile', null, 'profiles/tiny/work/gone.cpuprofile', '../../../etc/passwd']),
      shard,
      merged,
    )
    expect(readFileSync(path.join(merged, 'profiles', 'tiny', 'work', 'base_after.cpuprofile'), 'utf8')).toBe('{"nodes":[]}')
    expect(notes).toEqual([
      'tiny/work · head:v2: profiles/tiny/work/gone.cpuprofile was not copied (ENOENT)',
      'tiny/work · head:v3: ../../../etc/passwd is outside its run directory and was not copied',
    ])
    expect(existsSync(path.join(dir, 'etc'))).toBe(false)
  })
})
