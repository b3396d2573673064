import { describe, expect, it } from 'vitest'
import { CompiledPatternSet } from '../patterns/compiled-pattern-set.js'
import type { PatternSet } from '../patterns/file-pattern.js'
import { buildListingPerCall } from './listing-per-call.js'
import type { DirectoryEntry } from './remote-file.js'
import { ReusableListing } from './reusable-listing.js'

const file = (filename: string, size = 1): DirectoryEntry => ({ filename, attrs: { mode: 0o100644, size, mtime: 1_800_000_000 } })
const dir = (filename: string): DirectoryEntry => ({ filename, attrs: { mode: 0o040755, size: 4096, mtime: 1_800_000_000 } })
const link = (filename: string): DirectoryEntry => ({ filename, attrs: { mode: 0o120777, size: 11, mtime: 1_800_000_000 } })

const PATTERNS: PatternSet = { include: [{ kind: 'glob', pattern: 'in/*.zip' }], exclude: [{ kind: 'glob', pattern: '**/*.tmp.zip' }] }
const ENTRIES = [file('b.zip', 2), file('A.zip', 3), file('x.tmp.zip'), file('notes.txt'), dir('sub'), dir('.'), link('l.zip')]

describe('building a listing', () => {
  it('selects regular files by pattern, sorted by name, the same before and after', () => {
    const expected = [
      { name: 'in/A.zip', sizeBytes: 3, modifiedMs: 1_800_000_000_000 },
      { name: 'in/b.zip', sizeBytes: 2, modifiedMs: 1_800_000_000_000 },
    ]
    expect(buildListingPerCall('in', ENTRIES, PATTERNS)).toEqual(expected)
    const listing = new ReusableListing(new CompiledPatternSet(PATTERNS))
    const { files, directories } = listing.collect('in', ENTRIES)
    expect(files).toEqual(expected)
    expect(directories).toEqual(['in/sub'])
  })

  it('reuses its arrays and slots from one call to the next', () => {
    const listing = new ReusableListing(new CompiledPatternSet(PATTERNS))
    const first = listing.collect('in', ENTRIES).files
    const firstSlots = [...first]
    const second = listing.collect('in', [file('c.zip', 9)]).files
    expect(second).toBe(first)
    expect(second).toEqual([{ name: 'in/c.zip', sizeBytes: 9, modifiedMs: 1_800_000_000_000 }])
    expect(firstSlots).toContain(second[0])
  })
})
