import { Transform, type TransformCallback } from 'node:stream'
import zlib from 'node:zlib'
import type { ZipEntryInfo } from './zip-entries.js'
import { ZipEntryRejected } from './zip-entry-rejected.js'
import type { ZipLimits } from './zip-limits.js'

/** Bytes inflated so far for the whole archive, shared by the guards of its entries. */
export interface ArchiveTally {
  bytes: number
}

/**
 * Sits between the inflater and the file: counts the bytes that really come out (a bomb's
 * headers declare small sizes), stops the stream the moment a limit or the declared size is
 * crossed, and checks the size and CRC-32 at the end so a corrupted transfer is not imported
 * as data.
 */
export class EntryByteGuard extends Transform {
  private bytes = 0
  private crc = 0

  constructor(
    private readonly archive: string,
    private readonly entry: ZipEntryInfo,
    private readonly limits: ZipLimits,
    private readonly tally: ArchiveTally,
  ) {
    super()
  }

  /**
   * Headers that under-declare are how a bomb slips past size checks done up front; stopping at
   * the declared size keeps every limit honest however the entry lies.
   */
  private sizeMismatch(detail: string): ZipEntryRejected {
    return new ZipEntryRejected(
      this.archive,
      this.entry.name,
      'size-mismatch',
      detail,
      'the archive is damaged or hostile; do not import it',
    )
  }

  get bytesPassed(): number {
    return this.bytes
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length
    this.tally.bytes += chunk.length
    const problem =
      this.bytes > this.entry.declaredBytes
        ? this.sizeMismatch(`it inflates to more bytes than its header declares (${this.entry.declaredBytes})`)
        : checkInflatedSize(this.archive, this.entry, this.bytes, this.tally.bytes, this.limits)
    if (problem) {
      callback(problem)
      return
    }
    this.crc = zlib.crc32(chunk, this.crc)
    callback(null, chunk)
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes !== this.entry.declaredBytes) {
      callback(this.sizeMismatch(`it inflates to ${this.bytes} bytes, its header declares ${this.entry.declaredBytes}`))
      return
    }
    if (this.crc !== this.entry.crc32) {
      callback(
        new ZipEntryRejected(
          this.archive,
          this.entry.name,
          'corrupt',
          `CRC-32 is ${this.crc.toString(16)}, the archive says ${this.entry.crc32.toString(16)}`,
          'the archive is damaged; download it again',
        ),
      )
      return
    }
    callback()
  }
}

/** The size limits, applied to what was really inflated; also used up front on declared sizes. */
export function checkInflatedSize(
  archive: string,
  entry: ZipEntryInfo,
  entryBytes: number,
  totalBytes: number,
  limits: ZipLimits,
): ZipEntryRejected | undefined {
  if (entryBytes > limits.maxEntryBytes) {
    return new ZipEntryRejected(
      archive,
      entry.name,
      'entry-too-large',
      `it inflates to more than ${limits.maxEntryBytes} bytes (the per-entry limit)`,
      'raise maxEntryBytes if such entries are expected, or split the export',
    )
  }
  if (totalBytes > limits.maxTotalBytes) {
    return new ZipEntryRejected(
      archive,
      entry.name,
      'total-too-large',
      `the archive inflates to more than ${limits.maxTotalBytes} bytes in total (the archive limit)`,
      'raise maxTotalBytes if such archives are expected, or split the export',
    )
  }
  if (entryBytes > limits.ratioExemptBelowBytes && entryBytes / Math.max(entry.compressedBytes, 1) > limits.maxCompressionRatio) {
    return new ZipEntryRejected(
      archive,
      entry.name,
      'compression-ratio',
      `${entryBytes} bytes came from ${entry.compressedBytes} compressed bytes, more than ${limits.maxCompressionRatio}× (a zip bomb)`,
      'do not import this archive; raise maxCompressionRatio only if the data is known to be that repetitive',
    )
  }
  return undefined
}
