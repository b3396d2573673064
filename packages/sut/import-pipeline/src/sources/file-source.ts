import type { Readable } from 'node:stream'
import type { DirectoryEntry } from '../listing/remote-file.js'

/**
 * Where import files come from: a local directory (the embedded default) or an SFTP server.
 * Names are relative to the source's root and '/'-separated.
 */
export interface FileSource {
  /** For logs and errors, e.g. `sftp://importer@127.0.0.1:2222/exports`. */
  readonly label: string
  /** The entries of one directory ('' is the root). */
  readDirectory(directory: string): Promise<DirectoryEntry[]>
  /** The file's bytes from `startByte` on: how a partial download is resumed. */
  openRead(name: string, startByte: number): Promise<Readable>
  close(): Promise<void>
}

/** A file the source does not have (deleted between listing and download, or no checksum sidecar). */
export class SourceFileMissing extends Error {
  constructor(
    readonly source: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${JSON.stringify(file)} does not exist`, options)
    this.name = 'SourceFileMissing'
  }
}

/** Rejects names that could leave the source's root before they reach the file system or server. */
export function checkSourceName(source: string, name: string): void {
  if (name === '' || name.startsWith('/') || name.split('/').some((part) => part === '..' || part === '') || name.includes('\0')) {
    throw new Error(`${source}: ${JSON.stringify(name)} is not a relative file name inside the source; names come from its listing`)
  }
}
