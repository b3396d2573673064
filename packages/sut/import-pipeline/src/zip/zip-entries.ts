import { pipeline, type Readable } from 'node:stream'
import zlib from 'node:zlib'
import yauzl from 'yauzl'
import { ZipEntryRejected } from './zip-entry-rejected.js'

/** The kinds of entry a ZIP can hold, read from its Unix mode bits and name. */
export type ZipEntryKind = 'file' | 'directory' | 'symlink' | 'special-file'

export interface ZipEntryInfo {
  /** The name as stored (decoded as UTF-8 when the archive says so, else as Latin-1). */
  name: string
  kind: ZipEntryKind
  compressedBytes: number
  /** As declared by the central directory; extraction counts the real size and never trusts this. */
  declaredBytes: number
  crc32: number
  encrypted: boolean
  /** 0 stored, 8 deflated; anything else is refused. */
  compressionMethod: number
}

export interface ZipEntryHandle extends ZipEntryInfo {
  /** Opens the entry's (inflated) bytes as a stream, read from the archive on disk on demand. */
  open(): Promise<Readable>
}

const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFDIR = 0o040000
const S_IFREG = 0o100000
const UNIX_HOST = 3
const UTF8_NAMES_FLAG = 0x800
const DEFLATED = 8
const INFLATE_CHUNK_BYTES = 256 * 1024

function kindOf(entry: yauzl.Entry, name: string): ZipEntryKind {
  // Unix hosts keep st_mode in the high 16 bits of the external attributes (APPNOTE 4.4.15);
  // that is where `zip -y` records a symlink, whose "content" is the link target.
  const mode = entry.versionMadeBy >> 8 === UNIX_HOST ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0
  if (mode === S_IFLNK) return 'symlink'
  if (mode === S_IFDIR || name.endsWith('/')) return 'directory'
  if (mode === 0 || mode === S_IFREG) return 'file'
  return 'special-file'
}

function openArchive(archivePath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false hands us raw names, so yauzl's own name checks do not fire first
    // and every name goes through our guards with our error messages.
    yauzl.open(archivePath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    )
  })
}

/**
 * Iterates over a ZIP archive's entries from its central directory, one at a time: nothing of
 * the archive is held in memory beyond the entry being read. The archive is closed when the
 * iteration ends or is abandoned.
 */
export async function* readZipEntries(archivePath: string, archiveLabel: string): AsyncGenerator<ZipEntryHandle, void, undefined> {
  let zip: yauzl.ZipFile
  try {
    zip = await openArchive(archivePath)
  } catch (error) {
    throw new ZipEntryRejected(
      archiveLabel,
      '',
      'corrupt',
      `not a readable ZIP archive (${(error as Error).message})`,
      'check the file was transferred completely',
      {
        cause: error,
      },
    )
  }
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => done(undefined, e)
        const onEnd = () => done(undefined, undefined)
        const onError = (error: Error) => done(error, undefined)
        const done = (error: Error | undefined, e: yauzl.Entry | undefined) => {
          zip.off('entry', onEntry).off('end', onEnd).off('error', onError)
          error ? reject(error) : resolve(e)
        }
        zip.on('entry', onEntry).once('end', onEnd).once('error', onError)
        zip.readEntry()
      }).catch((error: Error) => {
        throw new ZipEntryRejected(
          archiveLabel,
          '',
          'corrupt',
          `the central directory is unreadable (${error.message})`,
          'check the file was transferred completely',
          {
            cause: error,
          },
        )
      })
      if (entry === undefined) return
      const rawName = entry.fileName as unknown as Buffer
      const name = rawName.toString((entry.generalPurposeBitFlag & UTF8_NAMES_FLAG) !== 0 ? 'utf8' : 'latin1')
      yield {
        name,
        kind: kindOf(entry, name),
        compressedBytes: entry.compressedSize,
        declaredBytes: entry.uncompressedSize,
        crc32: entry.crc32,
        encrypted: entry.isEncrypted(),
        compressionMethod: entry.compressionMethod,
        open: () =>
          new Promise<Readable>((resolve, reject) => {
            if (entry.compressionMethod !== DEFLATED) {
              zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)))
              return
            }
            // The raw deflate stream, inflated here rather than by yauzl: zlib's default 16 KiB
            // output chunks made every later stage (guard, CRC, file write) run 16× as often.
            zip.openReadStream(entry, { decompress: false } as yauzl.ZipFileOptions, (error, raw) => {
              if (error) return reject(error)
              const inflate = zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES })
              resolve(pipeline(raw, inflate, () => undefined))
            })
          }),
      }
    }
  } finally {
    zip.close()
  }
}

/** Entry count from the archive's end record, without reading the entries. */
export async function countZipEntries(archivePath: string): Promise<number> {
  const zip = await openArchive(archivePath)
  const count = zip.entryCount
  zip.close()
  return count
}
