import { defineScenario, micro } from '@dyno/core'
import { CompiledPatternSet, filterNamesPerCall } from '@sut/import-pipeline'
import { generateRemoteListing, IMPORT_PATTERNS } from './remote-file-names.js'

const SEED_001 = 'seeds/001_0bb65736470de125.txt'

/**
 * Seed 001, "Pattern matching: ~153,000 ns/op … with 1000 files … Optimization: compile
 * patterns once and reuse". The same 1,000-name listing (fixed seed, identical on every
 * machine) is filtered by the importer's eight include/exclude patterns.
 */
export default defineScenario({
  id: 'import-pipeline/pattern-match',
  description: 'Filter a 1,000-name remote listing against 8 glob/regex patterns: compiled on every call vs compiled once',
  runner: micro(),
  packages: ['@sut/import-pipeline'],
  tags: ['seed-001', 'cpu'],
  setup: () => {
    const listing = generateRemoteListing(1000)
    return { names: listing.map((l) => l.name), expected: listing.filter((l) => l.selected).map((l) => l.name) }
  },
  variants: {
    'compile-per-call': {
      baseline: true,
      description: 'Seed 001 before: every name compiles every pattern it is tested against',
      prepare:
        ({ names }) =>
        () =>
          filterNamesPerCall(names, IMPORT_PATTERNS),
    },
    'compiled-once': {
      description: 'Seed 001 after: patterns compiled once (includes and excludes each joined into one RegExp) and reused',
      prepare: ({ names }) => {
        const patterns = new CompiledPatternSet(IMPORT_PATTERNS)
        return () => patterns.filter(names)
      },
    },
  },
  verify: (selected, { fixture }) => {
    if (selected.length !== fixture.expected.length) return `selected ${selected.length} names, expected ${fixture.expected.length}`
    const wrong = selected.findIndex((name, i) => name !== fixture.expected[i])
    return wrong === -1 || `name #${wrong} is ${JSON.stringify(selected[wrong])}, expected ${JSON.stringify(fixture.expected[wrong])}`
  },
  claims: [
    {
      metric: 'nsPerOp',
      variant: 'compiled-once',
      ratio: { max: 100_000 / 153_000 },
      source: SEED_001,
      text: 'Pattern matching: ~153,000 ns/op for 1,000 files; compiling patterns once should bring it under the 100 µs target',
    },
  ],
  budgets: [{ metric: 'nsPerOp', variant: 'compiled-once', max: 100_000, reason: 'seed 001 target: 1,000 names in ≤ 100 µs' }],
})
