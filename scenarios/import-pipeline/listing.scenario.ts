import { defineScenario, micro } from '@dyno/core'
import { buildListingPerCall, CompiledPatternSet, type DirectoryEntry, type RemoteFile, ReusableListing } from '@sut/import-pipeline'
import { generateRemoteListing, IMPORT_PATTERNS } from './remote-file-names.js'

const SEED_001 = 'seeds/001_0bb65736470de125.txt'

interface Directory {
  path: string
  entries: DirectoryEntry[]
}

/**
 * The 1,000-name remote listing of the pattern-match scenario, as an SFTP server returns it:
 * one READDIR reply per directory, with attributes, plus the subdirectories themselves, `.`
 * and `..`, so both variants also have entries to skip.
 */
function toDirectories(names: readonly string[]): Directory[] {
  const byDirectory = new Map<string, DirectoryEntry[]>()
  const dirOf = (path: string) => byDirectory.get(path) ?? byDirectory.set(path, []).get(path) ?? []
  const directory = (filename: string): DirectoryEntry => ({ filename, attrs: { mode: 0o040755, size: 4096, mtime: 1_790_000_000 } })
  names.forEach((name, i) => {
    const slash = name.lastIndexOf('/')
    const dir = slash === -1 ? '' : name.slice(0, slash)
    const entries = dirOf(dir)
    if (entries.length === 0) entries.push(directory('.'), directory('..'))
    entries.push({
      filename: name.slice(slash + 1),
      longname: `-rw-r--r--    1 importer importer ${1000 + i} Nov 23 10:00 ${name.slice(slash + 1)}`,
      attrs: { mode: 0o100644, size: 1000 + i, mtime: 1_790_000_000 + i },
    })
  })
  for (const path of [...byDirectory.keys()]) {
    const parts = path.split('/')
    for (let i = 1; i <= parts.length; i++) {
      const parent = parts.slice(0, i - 1).join('/')
      const child = parts[i - 1] as string
      const siblings = dirOf(parent)
      if (!siblings.some((e) => e.filename === child)) siblings.push(directory(child))
    }
  }
  return [...byDirectory.entries()].map(([path, entries]) => ({ path, entries }))
}

const byName = (a: RemoteFile, b: RemoteFile) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * Seed 001, "File listing operations: ~51,000 ns/op with 46KB memory allocation … Optimization:
 * Reuse buffers and reduce string allocations". Both variants turn the same READDIR replies into
 * the sorted list of files to import; the baseline allocates per call (patterns compiled, a
 * metadata object for every entry, copies to filter and sort), the other reuses its arrays and
 * slot objects and rejects entries before building anything.
 */
export default defineScenario({
  id: 'import-pipeline/listing',
  description: 'Turn SFTP READDIR replies for 1,000 names into the files to import: allocate per call vs reused buffers',
  runner: micro(),
  packages: ['@sut/import-pipeline'],
  tags: ['seed-001', 'cpu', 'allocation'],
  setup: () => {
    const listing = generateRemoteListing(1000)
    const unique = [...new Set(listing.map((l) => l.name))]
    const selected = new Set(listing.filter((l) => l.selected).map((l) => l.name))
    return { directories: toDirectories(unique), expected: unique.filter((n) => selected.has(n)).sort() }
  },
  variants: {
    'allocate-per-call': {
      baseline: true,
      description: 'Seed 001 before: compile patterns, build metadata for every entry, filter and sort copies, on every call',
      prepare:
        ({ directories }) =>
        () => {
          const files: RemoteFile[] = []
          for (const d of directories) files.push(...buildListingPerCall(d.path, d.entries, IMPORT_PATTERNS))
          return files.sort(byName)
        },
    },
    'reused-buffers': {
      description: 'Seed 001 after: patterns compiled once, entries rejected before any object is built, arrays and slots reused',
      prepare: ({ directories }) => {
        const listing = new ReusableListing(new CompiledPatternSet(IMPORT_PATTERNS))
        return () => {
          const files: RemoteFile[] = []
          for (const d of directories) {
            // The same copy-out that listFiles() does: the listing's slots are reused by the next call.
            for (const f of listing.collect(d.path, d.entries).files)
              files.push({ name: f.name, sizeBytes: f.sizeBytes, modifiedMs: f.modifiedMs })
          }
          return files.sort(byName)
        }
      },
    },
  },
  verify: (files, { fixture }) => {
    if (files.length !== fixture.expected.length) return `listed ${files.length} files, expected ${fixture.expected.length}`
    const wrong = files.findIndex((f, i) => f.name !== fixture.expected[i])
    return wrong === -1 || `file #${wrong} is ${JSON.stringify(files[wrong]?.name)}, expected ${JSON.stringify(fixture.expected[wrong])}`
  },
  claims: [
    {
      metric: 'nsPerOp',
      variant: 'reused-buffers',
      ratio: { max: 1 },
      source: SEED_001,
      text: 'SCP file listing: 46KB allocations per operation could be reduced by reusing buffers',
    },
  ],
})
