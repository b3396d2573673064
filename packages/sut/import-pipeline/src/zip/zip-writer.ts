import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import zlib from 'node:zlib'

export interface ZipWriterEntryOptions {
  /** 'deflate' (default) or 'store'. */
  method?: 'deflate' | 'store'
  /** Unix st_mode kept in the external attributes, e.g. 0o120777 for a symlink; default a regular 0o644 file. */
  unixMode?: number
  /** zlib level for deflate; default 6, like zip(1). */
  level?: number
  /**
   * Uncompressed size written into the headers instead of the true one. Only for building the
   * damaged or hostile archives that extraction must survive (a bomb that under-declares).
   */
  declaredBytes?: number
}

interface CentralRecord {
  name: Buffer
  method: number
  crc: number
  compressedBytes: number
  bytes: number
  offset: number
  unixMode: number
}

const DOS_DATE_2026_01_01 = ((2026 - 1980) << 9) | (1 << 5) | 1

/**
 * Writes a ZIP archive (no ZIP64, so under 4 GiB) entry by entry to a file. It writes names
 * exactly as given, so it can also build the hostile archives the extraction guards are tested
 * against; it is how exports and test data are produced, never how input is read.
 */
export class ZipWriter {
  private readonly out: WriteStream
  private readonly records: CentralRecord[] = []
  private offset = 0

  constructor(path: string) {
    this.out = createWriteStream(path)
  }

  async add(name: string, data: Uint8Array | string, options: ZipWriterEntryOptions = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    const method = options.method === 'store' ? 0 : 8
    const body = method === 8 ? zlib.deflateRawSync(bytes, { level: options.level ?? 6 }) : bytes
    const nameBytes = Buffer.from(name, 'utf8')
    const record: CentralRecord = {
      name: nameBytes,
      method,
      crc: zlib.crc32(bytes),
      compressedBytes: body.length,
      bytes: options.declaredBytes ?? bytes.length,
      offset: this.offset,
      unixMode: options.unixMode ?? 0o100644,
    }
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(0x800, 6) // names are UTF-8
    header.writeUInt16LE(method, 8)
    header.writeUInt16LE(0, 10)
    header.writeUInt16LE(DOS_DATE_2026_01_01, 12)
    header.writeUInt32LE(record.crc, 14)
    header.writeUInt32LE(record.compressedBytes, 18)
    header.writeUInt32LE(record.bytes, 22)
    header.writeUInt16LE(nameBytes.length, 26)
    header.writeUInt16LE(0, 28)
    await this.write(header)
    await this.write(nameBytes)
    await this.write(body)
    this.records.push(record)
  }

  /** Writes the central directory and closes the file; returns the archive's size in bytes. */
  async finish(): Promise<number> {
    const start = this.offset
    for (const r of this.records) {
      const header = Buffer.alloc(46)
      header.writeUInt32LE(0x02014b50, 0)
      header.writeUInt16LE((3 << 8) | 20, 4) // made by Unix, so the mode bits count
      header.writeUInt16LE(20, 6)
      header.writeUInt16LE(0x800, 8)
      header.writeUInt16LE(r.method, 10)
      header.writeUInt16LE(0, 12)
      header.writeUInt16LE(DOS_DATE_2026_01_01, 14)
      header.writeUInt32LE(r.crc, 16)
      header.writeUInt32LE(r.compressedBytes, 20)
      header.writeUInt32LE(r.bytes, 24)
      header.writeUInt16LE(r.name.length, 28)
      header.writeUInt32LE((r.unixMode << 16) >>> 0, 38)
      header.writeUInt32LE(r.offset, 42)
      await this.write(header)
      await this.write(r.name)
    }
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.records.length, 8)
    end.writeUInt16LE(this.records.length, 10)
    end.writeUInt32LE(this.offset - start, 12)
    end.writeUInt32LE(start, 16)
    await this.write(end)
    this.out.end()
    await once(this.out, 'close')
    return this.offset
  }

  private async write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length
    if (!this.out.write(chunk)) await once(this.out, 'drain')
  }
}
