import { createWriteStream } from 'node:fs'
import { mkdir, realpath, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type ArchiveTally, checkInflatedSize, EntryByteGuard } from './entry-byte-guard.js'
import { resolveEntryPath } from './entry-path.js'
import { countZipEntries, readZipEntries, type ZipEntryHandle } from './zip-entries.js'
import { ZipEntryRejected } from './zip-entry-rejected.js'
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits.js'

export interface ExtractedFile {
  /** The entry name, '/'-separated, relative to the target directory. */
  name: string
  /** Absolute path of the written file. */
  path: string
  bytes: number
}

export interface ExtractionResult {
  files: ExtractedFile[]
  totalBytes: number
}

export interface ExtractZipOptions {
  limits?: Partial<ZipLimits>
  /** Only entries whose name passes are written; the others are still size-checked by their headers, not inflated. */
  select?: (entryName: string) => boolean
  /** Name used in errors; default the archive's base name. */
  label?: string
}

/** How one guarded entry reaches its file: the only difference between the two extractors. */
type EntryWriter = (source: Readable, guard: EntryByteGuard, destination: string) => Promise<void>

/**
 * Seed 001's "after": the entry is piped from the inflater through the guard into the file,
 * so memory stays at a few 64 KiB chunks whatever the entry's size.
 */
const streamEntry: EntryWriter = (source, guard, destination) =>
  pipeline(source, guard, createWriteStream(destination, { flags: 'wx', mode: 0o644 }))

/**
 * Seed 001's "before": the whole inflated entry is collected in memory and written in one go,
 * as `ioutil.ReadAll` + `WriteFile` does. Same guards, same output; peak memory grows with the
 * largest entry.
 */
const bufferEntry: EntryWriter = async (source, guard, destination) => {
  const chunks: Buffer[] = []
  await pipeline(source, guard, async (inflated: AsyncIterable<Buffer>) => {
    for await (const chunk of inflated) chunks.push(chunk)
  })
  await writeFile(destination, Buffer.concat(chunks), { flag: 'wx', mode: 0o644 })
}

/** Extracts a ZIP archive into `targetDir`, streaming each entry to disk behind every guard. */
export function extractZip(archivePath: string, targetDir: string, options: ExtractZipOptions = {}): Promise<ExtractionResult> {
  return extractWith(streamEntry, archivePath, targetDir, options)
}

/** The same extraction, holding each whole entry in memory before writing it (the seed's baseline). */
export function extractZipBufferingEntries(
  archivePath: string,
  targetDir: string,
  options: ExtractZipOptions = {},
): Promise<ExtractionResult> {
  return extractWith(bufferEntry, archivePath, targetDir, options)
}

/** Refusals that need only the entry's header, checked before a single byte is inflated. */
function checkHeader(archive: string, entry: ZipEntryHandle, limits: ZipLimits, tally: ArchiveTally): void {
  if (entry.kind === 'symlink') {
    throw new ZipEntryRejected(
      archive,
      entry.name,
      'symlink',
      'symbolic links could point outside the target directory and are never extracted',
      'store the file itself in the archive (zip without -y)',
    )
  }
  if (entry.kind === 'special-file') {
    throw new ZipEntryRejected(
      archive,
      entry.name,
      'special-file',
      'devices, FIFOs and sockets are never extracted',
      'store regular files only',
    )
  }
  if (entry.encrypted) {
    throw new ZipEntryRejected(
      archive,
      entry.name,
      'encrypted',
      'encrypted entries are not supported',
      'export the archive without a password',
    )
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new ZipEntryRejected(
      archive,
      entry.name,
      'unsupported-compression',
      `compression method ${entry.compressionMethod} is not supported (only stored and deflated)`,
      'recreate the archive with deflate',
    )
  }
  const declared = checkInflatedSize(archive, entry, entry.declaredBytes, tally.bytes + entry.declaredBytes, limits)
  if (declared) throw declared
}

async function extractWith(
  writeEntry: EntryWriter,
  archivePath: string,
  targetDir: string,
  options: ExtractZipOptions,
): Promise<ExtractionResult> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits }
  const archive = options.label ?? path.basename(archivePath)
  const root = path.resolve(targetDir)
  await mkdir(root, { recursive: true })
  const realRoot = await realpath(root)
  const entryCount = await countZipEntries(archivePath).catch(() => 0)
  if (entryCount > limits.maxEntries) {
    throw new ZipEntryRejected(
      archive,
      '',
      'too-many-entries',
      `the archive has ${entryCount} entries, more than ${limits.maxEntries}`,
      'raise maxEntries if such archives are expected, or split the export',
    )
  }

  const tally: ArchiveTally = { bytes: 0 }
  const files: ExtractedFile[] = []
  // Everything this call created, so a refused archive leaves nothing behind.
  const createdFiles: string[] = []
  const createdDirs: string[] = []
  const checkedDirs = new Set<string>([root])

  const ensureDir = async (dir: string, entryName: string) => {
    if (checkedDirs.has(dir)) return
    const first = await mkdir(dir, { recursive: true })
    if (first !== undefined) createdDirs.push(first)
    // A directory that already existed could be a symlink planted by someone else; the real
    // path must still be inside the target.
    const real = await realpath(dir)
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      throw new ZipEntryRejected(
        archive,
        entryName,
        'path-escapes-target',
        `its directory resolves to ${real}, outside the target`,
        'extract into an empty directory',
      )
    }
    checkedDirs.add(dir)
  }

  try {
    for await (const entry of readZipEntries(archivePath, archive)) {
      const destination = resolveEntryPath(archive, root, entry.name)
      checkHeader(archive, entry, limits, tally)
      if (entry.kind === 'directory') {
        await ensureDir(destination, entry.name)
        continue
      }
      if (options.select && !options.select(entry.name)) continue
      await ensureDir(path.dirname(destination), entry.name)
      const guard = new EntryByteGuard(archive, entry, limits, tally)
      createdFiles.push(destination)
      try {
        await writeEntry(await entry.open(), guard, destination)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          createdFiles.pop()
          throw new ZipEntryRejected(
            archive,
            entry.name,
            'duplicate-entry',
            'a file of this name was already extracted or exists in the target',
            'extract into an empty directory; an archive must not hold the same name twice',
          )
        }
        if (error instanceof ZipEntryRejected) throw error
        if (String((error as NodeJS.ErrnoException).code).startsWith('Z_')) {
          throw new ZipEntryRejected(
            archive,
            entry.name,
            'corrupt',
            `the compressed data is damaged (${(error as Error).message})`,
            'download the archive again',
            {
              cause: error,
            },
          )
        }
        // yauzl counts inflated bytes against the header and stops at the declared size, so an
        // entry that under-declares (a classic bomb) ends here before it can grow.
        const detail = /too many bytes/.test((error as Error).message)
          ? `it inflates to more bytes than its header declares (${(error as Error).message})`
          : `its data does not match its header (${(error as Error).message})`
        throw new ZipEntryRejected(archive, entry.name, 'size-mismatch', detail, 'the archive is damaged or hostile; do not import it', {
          cause: error,
        })
      }
      files.push({ name: entry.name, path: destination, bytes: guard.bytesPassed })
    }
  } catch (error) {
    await Promise.all(createdFiles.map((file) => rm(file, { force: true })))
    for (const dir of createdDirs.reverse()) await rm(dir, { recursive: true, force: true })
    throw error
  }
  return { files, totalBytes: tally.bytes }
}
