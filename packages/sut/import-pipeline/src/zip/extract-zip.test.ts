import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { extractZip, extractZipBufferingEntries } from './extract-zip.js'
import { ZipEntryRejected, type ZipRejectionReason } from './zip-entry-rejected.js'
import { ZipWriter, type ZipWriterEntryOptions } from './zip-writer.js'

let work: string
let target: string

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'zip-test-'))
  target = path.join(work, 'target')
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

type Entry = [name: string, data: string | Buffer, options?: ZipWriterEntryOptions]

async function craft(entries: Entry[], name = 'crafted.zip'): Promise<string> {
  const file = path.join(work, name)
  const writer = new ZipWriter(file)
  for (const [entryName, data, options] of entries) await writer.add(entryName, data, options)
  await writer.finish()
  return file
}

/** Every file under `dir`, relative, '/'-separated. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort()
}

async function expectRejected(promise: Promise<unknown>, reason: ZipRejectionReason, entry: string): Promise<ZipEntryRejected> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ZipEntryRejected)
  const rejected = error as ZipEntryRejected
  expect(rejected.reason).toBe(reason)
  expect(rejected.entry).toBe(entry)
  expect(rejected.message).toContain(JSON.stringify(entry))
  return rejected
}

const extractors = { streaming: extractZip, 'buffering each entry': extractZipBufferingEntries }

describe.each(Object.entries(extractors))('ZIP extraction, %s', (_label, extract) => {
  it('writes every file and directory of a well-formed archive with its exact content', async () => {
    const big = Buffer.alloc(300_000, 'INSERT INTO t VALUES (1);\n')
    const archive = await craft([
      ['dump/', ''],
      ['dump/a.sql', big],
      ['dump/nested/b.sql', 'SELECT 1;\n', { method: 'store' }],
      ['readme.txt', 'hello'],
    ])
    const result = await extract(archive, target)
    expect(await listTree(target)).toEqual(['dump/a.sql', 'dump/nested/b.sql', 'readme.txt'])
    expect(await readFile(path.join(target, 'dump/a.sql'))).toEqual(big)
    expect(await readFile(path.join(target, 'dump/nested/b.sql'), 'utf8')).toBe('SELECT 1;\n')
    expect(result.totalBytes).toBe(big.length + 10 + 5)
    expect(result.files.map((f) => [f.name, f.bytes])).toEqual([
      ['dump/a.sql', big.length],
      ['dump/nested/b.sql', 10],
      ['readme.txt', 5],
    ])
  })

  it('extracts only the selected entries', async () => {
    const archive = await craft([
      ['a.sql', 'x'],
      ['b.txt', 'y'],
    ])
    await extract(archive, target, { select: (name) => name.endsWith('.sql') })
    expect(await listTree(target)).toEqual(['a.sql'])
  })

  it('refuses a zip-slip entry, names it, and leaves nothing inside or outside the target', async () => {
    const archive = await craft([
      ['good.sql', 'fine'],
      ['sub/../../evil.sql', 'pwned'],
    ])
    const error = await expectRejected(extract(archive, target), 'path-escapes-target', 'sub/../../evil.sql')
    expect(error.message).toMatch(/zip slip/)
    expect(await listTree(work)).toEqual(['crafted.zip'])
  })

  it('refuses a plain ../ entry even when it would land back inside the target', async () => {
    const archive = await craft([['../target/x.sql', 'x']])
    await expectRejected(extract(archive, target), 'path-escapes-target', '../target/x.sql')
    expect(await listTree(work)).toEqual(['crafted.zip'])
  })

  it('refuses absolute paths, Unix and Windows style', async () => {
    const outside = path.join(work, 'abs.sql')
    await expectRejected(extract(await craft([[outside, 'x']], 'unix.zip'), target), 'absolute-path', outside)
    await expectRejected(extract(await craft([['C:/x.sql', 'x']], 'win.zip'), target), 'absolute-path', 'C:/x.sql')
    await expectRejected(extract(await craft([['..\\x.sql', 'x']], 'bs.zip'), target), 'invalid-name', '..\\x.sql')
    expect(await listTree(work)).toEqual(['bs.zip', 'unix.zip', 'win.zip'])
  })

  it('refuses a symlink entry written by our writer and one written by Info-ZIP zip -y', async () => {
    const crafted = await craft([['link.sql', '/etc/passwd', { unixMode: 0o120777, method: 'store' }]])
    await expectRejected(extract(crafted, target), 'symlink', 'link.sql')

    const src = path.join(work, 'src')
    await rm(src, { recursive: true, force: true })
    execFileSync('mkdir', ['-p', src])
    await writeFile(path.join(src, 'real.sql'), 'x')
    await symlink('/etc/passwd', path.join(src, 'passwd.sql'))
    const infoZip = path.join(work, 'infozip.zip')
    execFileSync('zip', ['-q', '-y', infoZip, 'real.sql', 'passwd.sql'], { cwd: src })
    await expectRejected(extract(infoZip, target), 'symlink', 'passwd.sql')
    expect(await listTree(target)).toEqual([])
  })

  it('refuses an entry larger than the per-entry limit, counting inflated bytes rather than trusting the header', async () => {
    const data = Buffer.alloc(200_000, 'a,b,c\n')
    const honest = await craft([['big.sql', data]], 'honest.zip')
    await expectRejected(extract(honest, target, { limits: { maxEntryBytes: 100_000 } }), 'entry-too-large', 'big.sql')
    // The header claims 1 KB; only counting what the inflater produces catches it, at the
    // declared size, long before the real 200 KB.
    const lying = await craft([['liar.sql', data, { declaredBytes: 1000 }]], 'lying.zip')
    const error = await expectRejected(extract(lying, target, { limits: { maxEntryBytes: 100_000 } }), 'size-mismatch', 'liar.sql')
    expect(error.message).toMatch(/more bytes than its header declares/)
    expect(await listTree(target)).toEqual([])
  })

  it('refuses an entry whose real size differs from its header, even within the limits', async () => {
    const lying = await craft([['liar.sql', Buffer.alloc(50_000, 'x'), { declaredBytes: 1000 }]])
    await expectRejected(extract(lying, target), 'size-mismatch', 'liar.sql')
    expect(await listTree(target)).toEqual([])
  })

  it('refuses an archive whose entries together exceed the total limit and removes what it had written', async () => {
    const part = Buffer.alloc(40_000, 'row\n')
    const archive = await craft([
      ['1.sql', part],
      ['2.sql', part],
      ['3.sql', part],
    ])
    await expectRejected(extract(archive, target, { limits: { maxTotalBytes: 100_000 } }), 'total-too-large', '3.sql')
    expect(await listTree(target)).toEqual([])
  })

  it('refuses a zip bomb by its compression ratio', async () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024)
    const archive = await craft([['bomb.sql', zeros, { level: 9 }]])
    const error = await expectRejected(extract(archive, target), 'compression-ratio', 'bomb.sql')
    expect(error.message).toMatch(/zip bomb/)
    // The same bomb under-declaring its size is caught while inflating, not by its header.
    const sneaky = await craft([['bomb.sql', zeros, { level: 9, declaredBytes: 10 }]], 'sneaky.zip')
    await expectRejected(extract(sneaky, target), 'size-mismatch', 'bomb.sql')
    expect(await listTree(target)).toEqual([])
  })

  it('lets small, highly compressible entries through below the ratio exemption', async () => {
    const archive = await craft([['spaces.sql', Buffer.alloc(100_000, ' ')]])
    await extract(archive, target)
    expect(await listTree(target)).toEqual(['spaces.sql'])
  })

  it('refuses archives with too many entries before extracting any', async () => {
    const archive = await craft(Array.from({ length: 5 }, (_, i): Entry => [`${i}.sql`, 'x']))
    await expectRejected(extract(archive, target, { limits: { maxEntries: 4 } }), 'too-many-entries', '')
    expect(await listTree(target)).toEqual([])
  })

  it('refuses a name that appears twice', async () => {
    const archive = await craft([
      ['a.sql', 'first'],
      ['a.sql', 'second'],
    ])
    await expectRejected(extract(archive, target), 'duplicate-entry', 'a.sql')
  })

  it('refuses an entry whose data does not match its CRC-32', async () => {
    const file = await craft([['data.sql', 'ABCDEFGHIJ', { method: 'store' }]])
    const bytes = await readFile(file)
    const at = bytes.indexOf('ABCDEFGHIJ')
    bytes[at] = 'Z'.charCodeAt(0)
    await writeFile(file, bytes)
    await expectRejected(extract(file, target), 'corrupt', 'data.sql')
  })

  it('refuses an entry whose deflate stream is damaged', async () => {
    const file = await craft([['data.sql', Buffer.alloc(100_000, 'INSERT INTO t VALUES (1);\n')]])
    const bytes = await readFile(file)
    // The compressed data starts after the 30-byte local header and the 8-byte name.
    bytes.fill(0xff, 38, 48)
    await writeFile(file, bytes)
    const error = await expectRejected(extract(file, target), 'corrupt', 'data.sql')
    expect(error.message).toMatch(/compressed data is damaged/)
    expect(await listTree(target)).toEqual([])
  })

  it('refuses a file that is not a ZIP archive with a clear error', async () => {
    const file = path.join(work, 'not.zip')
    await writeFile(file, 'this is a SQL dump, not an archive')
    await expect(extract(file, target)).rejects.toThrow(/not a readable ZIP archive/)
  })

  it('does not follow a symlinked directory planted in the target', async () => {
    const outside = path.join(work, 'outside')
    execFileSync('mkdir', ['-p', outside, target])
    await symlink(outside, path.join(target, 'dump'))
    const archive = await craft([['dump/a.sql', 'x']])
    await expectRejected(extract(archive, target), 'path-escapes-target', 'dump/a.sql')
    expect(await listTree(outside)).toEqual([])
  })
})

describe('ZIP extraction interoperability', () => {
  it('reads archives written by Info-ZIP zip', async () => {
    const src = path.join(work, 'src')
    execFileSync('mkdir', ['-p', path.join(src, 'd')])
    await writeFile(path.join(src, 'd', 'a.sql'), 'INSERT INTO t VALUES (1);\n'.repeat(1000))
    const archive = path.join(work, 'info.zip')
    execFileSync('zip', ['-q', '-r', archive, 'd'], { cwd: src })
    const result = await extractZip(archive, target)
    expect(result.files.map((f) => f.name)).toEqual(['d/a.sql'])
    expect(await readFile(path.join(target, 'd/a.sql'), 'utf8')).toBe('INSERT INTO t VALUES (1);\n'.repeat(1000))
  })

  it('writes archives that Info-ZIP unzip verifies', async () => {
    const archive = await craft([
      ['a.sql', Buffer.alloc(100_000, 'x')],
      ['b/c.sql', 'y', { method: 'store' }],
    ])
    expect(execFileSync('unzip', ['-tq', archive]).toString()).toMatch(/No errors detected/)
  })
})
