import type { RemoteFile } from '../listing/remote-file.js'
import { ReusableListing } from '../listing/reusable-listing.js'
import { CompiledPatternSet } from '../patterns/compiled-pattern-set.js'
import type { PatternSet } from '../patterns/file-pattern.js'
import type { FileSource } from './file-source.js'

export interface ListFilesOptions {
  patterns: PatternSet
  /** Directory levels below the root to descend; 0 lists the root only. Default 8. */
  maxDepth?: number
}

/**
 * Lists the files a source offers that the patterns select, descending into subdirectories
 * (patterns see the full relative name, so `exports/**\/*.sql` works), sorted by name.
 */
export async function listFiles(source: FileSource, options: ListFilesOptions): Promise<RemoteFile[]> {
  const listing = new ReusableListing(new CompiledPatternSet(options.patterns))
  const maxDepth = options.maxDepth ?? 8
  const selected: RemoteFile[] = []
  const pending: { directory: string; depth: number }[] = [{ directory: '', depth: 0 }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { files, directories } = listing.collect(next.directory, await source.readDirectory(next.directory))
    // The listing's arrays are reused by the next collect: keep copies.
    for (const file of files) selected.push({ name: file.name, sizeBytes: file.sizeBytes, modifiedMs: file.modifiedMs })
    if (next.depth < maxDepth) for (const directory of directories) pending.push({ directory, depth: next.depth + 1 })
  }
  return selected.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
