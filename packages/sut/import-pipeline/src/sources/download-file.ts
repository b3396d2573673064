import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises'
import path from 'node:path'
import type { RemoteFile } from '../listing/remote-file.js'
import type { FileSource } from './file-source.js'

export interface DownloadOptions {
  /** Hex SHA-256 the complete file must have; the download is refused when it differs. */
  expectedSha256?: string
  /** Called with the bytes on disk so far (resumed bytes included). */
  onProgress?: (bytesOnDisk: number) => void
}

export interface DownloadResult {
  path: string
  bytes: number
  /** Bytes that were already on disk from an interrupted attempt and were not fetched again. */
  resumedFromByte: number
  sha256: string
}

/** The complete file's checksum is not the expected one: corrupted in transit, or changed at the source. */
export class ChecksumMismatch extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `${file}: SHA-256 is ${actual}, expected ${expected}; the partial download was discarded, so the next attempt starts from the beginning. ` +
        'If it fails again, the checksum published beside the file is stale or the file is being rewritten',
    )
    this.name = 'ChecksumMismatch'
  }
}

/**
 * Downloads `file` to `destination` through `destination.partial`. An interrupted download
 * leaves the partial file behind; the next call hashes what is there and fetches only the
 * rest from the source (SFTP reads from an offset), so a 2 GB dump cut off at 1.9 GB costs
 * 100 MB, not 2 GB. The partial file becomes `destination` only once it has the listed size and,
 * when given, the expected checksum.
 */
export async function downloadFile(
  source: FileSource,
  file: RemoteFile,
  destination: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const partial = `${destination}.partial`
  await mkdir(path.dirname(destination), { recursive: true })
  let onDisk = await stat(partial).then(
    (s) => s.size,
    () => 0,
  )
  if (onDisk > file.sizeBytes) {
    // Larger than the source file: it belongs to an older version of the file. Start over.
    await truncate(partial, 0)
    onDisk = 0
  }
  const hash = createHash('sha256')
  if (onDisk > 0) for await (const chunk of createReadStream(partial, { end: onDisk - 1 }) as AsyncIterable<Buffer>) hash.update(chunk)
  const resumedFromByte = onDisk
  if (onDisk < file.sizeBytes) {
    const input = await source.openRead(file.name, onDisk)
    // Written chunk by chunk (not through pipeline(), which discards buffered writes when the
    // input fails), so every byte received before a connection drops is on disk to resume from.
    const output = await open(partial, onDisk > 0 ? 'r+' : 'w')
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        await output.write(chunk, 0, chunk.length, onDisk)
        hash.update(chunk)
        onDisk += chunk.length
        options.onProgress?.(onDisk)
      }
    } finally {
      await output.close()
    }
  }
  if (onDisk !== file.sizeBytes) {
    throw new Error(
      `${source.label}: ${JSON.stringify(file.name)} delivered ${onDisk} bytes, the listing said ${file.sizeBytes}; ` +
        'the file changed during the download. The partial file is kept, and the next attempt resumes or restarts as needed',
    )
  }
  const sha256 = hash.digest('hex')
  if (options.expectedSha256 !== undefined && sha256 !== options.expectedSha256.toLowerCase()) {
    await rm(partial, { force: true })
    throw new ChecksumMismatch(file.name, options.expectedSha256.toLowerCase(), sha256)
  }
  await rename(partial, destination)
  return { path: destination, bytes: onDisk, resumedFromByte, sha256 }
}
