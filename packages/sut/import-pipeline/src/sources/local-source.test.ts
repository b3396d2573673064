import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PatternSet } from '../patterns/file-pattern.js'
import { ChecksumMismatch, downloadFile } from './download-file.js'
import { type FileSource, SourceFileMissing } from './file-source.js'
import { listFiles } from './list-files.js'
import { LocalDirectorySource } from './local-directory-source.js'

let work: string
let root: string

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'source-test-'))
  root = path.join(work, 'remote')
  await mkdir(path.join(root, 'exports', '2026'), { recursive: true })
  await mkdir(path.join(root, 'exports', 'archive'), { recursive: true })
  await writeFile(path.join(root, 'a.sql.zip'), 'a')
  await writeFile(path.join(root, 'b.sql.zip.partial'), 'b')
  await writeFile(path.join(root, 'readme.txt'), 'r')
  await writeFile(path.join(root, 'exports', '2026', 'c.sql'), 'cc')
  await writeFile(path.join(root, 'exports', 'archive', 'd.sql'), 'd')
  await symlink('/etc/passwd', path.join(root, 'passwd.sql.zip'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

const PATTERNS: PatternSet = {
  include: [
    { kind: 'glob', pattern: '*.sql.zip' },
    { kind: 'glob', pattern: 'exports/**/*.sql' },
  ],
  exclude: [{ kind: 'glob', pattern: '**/archive/**' }],
}

describe('listing a local directory source', () => {
  it('descends into directories, applies includes and excludes to the relative name, and skips symlinks', async () => {
    const files = await listFiles(new LocalDirectorySource(root), { patterns: PATTERNS })
    expect(files.map((f) => [f.name, f.sizeBytes])).toEqual([
      ['a.sql.zip', 1],
      ['exports/2026/c.sql', 2],
    ])
    expect(files[0]?.modifiedMs).toBe(Math.floor((await stat(path.join(root, 'a.sql.zip'))).mtimeMs / 1000) * 1000)
  })

  it('stops at maxDepth', async () => {
    const files = await listFiles(new LocalDirectorySource(root), { patterns: PATTERNS, maxDepth: 0 })
    expect(files.map((f) => f.name)).toEqual(['a.sql.zip'])
  })

  it('refuses names that leave the root and reports missing files as such', async () => {
    const source = new LocalDirectorySource(root)
    await expect(source.openRead('../outside.sql', 0)).rejects.toThrow(/not a relative file name inside the source/)
    await expect(source.openRead('missing.sql', 0)).rejects.toBeInstanceOf(SourceFileMissing)
    await expect(source.openRead('passwd.sql.zip', 0)).rejects.toThrow(/not a regular file/)
  })
})

/** A source over one in-memory file that records offsets and can fail after N bytes. */
function memorySource(content: Buffer, failAfterBytes?: number): FileSource & { offsets: number[] } {
  const offsets: number[] = []
  return {
    label: 'memory://',
    offsets,
    readDirectory: async () => [],
    openRead: async (_name, start) => {
      offsets.push(start)
      const rest = content.subarray(start)
      if (failAfterBytes === undefined) return Readable.from([rest.subarray(0, rest.length >> 1), rest.subarray(rest.length >> 1)])
      return Readable.from(
        (async function* () {
          yield rest.subarray(0, failAfterBytes)
          throw new Error('connection reset by peer')
        })(),
      )
    },
    close: async () => {},
  }
}

describe('downloading with resume and checksum', () => {
  const content = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251))
  const sha256 = createHash('sha256').update(content).digest('hex')
  const file = { name: 'dump.sql.zip', sizeBytes: content.length, modifiedMs: 0 }

  it('resumes an interrupted download from the bytes already on disk', async () => {
    const destination = path.join(work, 'in', 'dump.sql.zip')
    await expect(downloadFile(memorySource(content, 70_000), file, destination, { expectedSha256: sha256 })).rejects.toThrow(
      /connection reset/,
    )
    expect((await stat(`${destination}.partial`)).size).toBe(70_000)

    const source = memorySource(content)
    const result = await downloadFile(source, file, destination, { expectedSha256: sha256 })
    expect(source.offsets).toEqual([70_000])
    expect(result).toMatchObject({ bytes: content.length, resumedFromByte: 70_000, sha256 })
    expect(await readFile(destination)).toEqual(content)
    await expect(stat(`${destination}.partial`)).rejects.toThrow()
  })

  it('discards a partial file whose prefix is wrong when the checksum fails, so the retry starts from zero', async () => {
    const destination = path.join(work, 'dump.sql.zip')
    await writeFile(`${destination}.partial`, Buffer.alloc(50_000, 7))
    const error = await downloadFile(memorySource(content), file, destination, { expectedSha256: sha256 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChecksumMismatch)
    expect((error as ChecksumMismatch).message).toContain(sha256)
    await expect(stat(`${destination}.partial`)).rejects.toThrow()
    await expect(stat(destination)).rejects.toThrow()

    const source = memorySource(content)
    await downloadFile(source, file, destination, { expectedSha256: sha256 })
    expect(source.offsets).toEqual([0])
    expect(await readFile(destination)).toEqual(content)
  })

  it('restarts when the partial file is larger than the source file', async () => {
    const destination = path.join(work, 'dump.sql.zip')
    await writeFile(`${destination}.partial`, Buffer.alloc(content.length + 10))
    const source = memorySource(content)
    const result = await downloadFile(source, file, destination)
    expect(source.offsets).toEqual([0])
    expect(result.resumedFromByte).toBe(0)
    expect(await readFile(destination)).toEqual(content)
  })

  it('refuses a file that delivers fewer bytes than listed', async () => {
    const destination = path.join(work, 'dump.sql.zip')
    await expect(downloadFile(memorySource(content), { ...file, sizeBytes: content.length + 5 }, destination)).rejects.toThrow(
      /delivered 200000 bytes, the listing said 200005/,
    )
  })

  it('downloads from a local directory source', async () => {
    const destination = path.join(work, 'copy', 'c.sql')
    const result = await downloadFile(
      new LocalDirectorySource(root),
      { name: 'exports/2026/c.sql', sizeBytes: 2, modifiedMs: 0 },
      destination,
    )
    expect(result.bytes).toBe(2)
    expect(await readFile(destination, 'utf8')).toBe('cc')
  })
})
