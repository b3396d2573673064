import type { CompiledPatternSet } from '../patterns/compiled-pattern-set.js'
import { type DirectoryEntry, isDirectory, isRegularFile, type RemoteFile } from './remote-file.js'

/**
 * Seed 001's "after" ("reuse buffers and reduce string allocations"): the patterns are
 * compiled once by the caller, entries are rejected on their type and name before any object
 * is built, and the result lives in arrays and slot objects that are reused from one call to
 * the next, so a steady listing allocates only the names of the files it selects.
 *
 * The arrays returned are valid until the next `collect`: copy what must outlive it.
 */
export class ReusableListing {
  private readonly slots: RemoteFile[] = []
  private readonly fileView: RemoteFile[] = []
  private readonly directoryView: string[] = []

  constructor(private readonly patterns: CompiledPatternSet) {}

  collect(directory: string, entries: readonly DirectoryEntry[]): { files: readonly RemoteFile[]; directories: readonly string[] } {
    const files = this.fileView
    const directories = this.directoryView
    files.length = 0
    directories.length = 0
    const prefix = directory === '' ? '' : `${directory}/`
    for (const entry of entries) {
      const { mode } = entry.attrs
      if (isDirectory(mode)) {
        if (entry.filename !== '.' && entry.filename !== '..') directories.push(prefix + entry.filename)
        continue
      }
      if (!isRegularFile(mode)) continue
      const name = prefix + entry.filename
      if (!this.patterns.matches(name)) continue
      let slot = this.slots[files.length]
      if (slot === undefined) {
        slot = { name, sizeBytes: 0, modifiedMs: 0 }
        this.slots.push(slot)
      }
      slot.name = name
      slot.sizeBytes = entry.attrs.size
      slot.modifiedMs = entry.attrs.mtime * 1000
      files.push(slot)
    }
    // Names are unique within a directory, so plain code-unit order is total and cheaper than localeCompare.
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    return { files, directories }
  }
}
