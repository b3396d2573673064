import { createReadStream } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import type { DirectoryEntry } from '../listing/remote-file.js'
import { checkSourceName, type FileSource, SourceFileMissing } from './file-source.js'

/**
 * A directory on this machine as the import source: the embedded default, and what tests and
 * scenarios use when no SFTP server is involved. Symlinks are reported with their own mode
 * (lstat), so the listing skips them rather than following them out of the directory.
 */
export class LocalDirectorySource implements FileSource {
  readonly label: string
  private readonly root: string

  constructor(root: string) {
    this.root = path.resolve(root)
    this.label = `file://${this.root}`
  }

  async readDirectory(directory: string): Promise<DirectoryEntry[]> {
    if (directory !== '') checkSourceName(this.label, directory)
    const dir = path.join(this.root, directory)
    const names = await readdir(dir)
    return Promise.all(
      names.map(async (filename) => {
        const stats = await lstat(path.join(dir, filename))
        return { filename, attrs: { mode: stats.mode, size: stats.size, mtime: Math.floor(stats.mtimeMs / 1000) } }
      }),
    )
  }

  async openRead(name: string, startByte: number): Promise<Readable> {
    checkSourceName(this.label, name)
    const file = path.join(this.root, name)
    const stats = await lstat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new SourceFileMissing(this.label, name, { cause: error })
      throw error
    })
    if (!stats.isFile()) throw new Error(`${this.label}: ${JSON.stringify(name)} is not a regular file`)
    return createReadStream(file, { start: startByte, highWaterMark: 256 * 1024 })
  }

  async close(): Promise<void> {}
}
