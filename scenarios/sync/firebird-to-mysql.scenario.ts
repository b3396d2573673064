import { defineScenario, type OperationVariantSpec, throughput } from '@dyno/core'
import { NaiveSync, OptimizedSync } from '@sut/sync-engine'
import { itemsMapping } from './items-mapping.js'
import { openEndpoints, optimizedPool } from './sync-endpoints.js'
import { type SyncFixture, type SyncOutput, syncFixture, verifyCopy } from './sync-fixture.js'
import { itemsSource, MYSQL_TARGET, SYNC_PACKAGES } from './sync-requirements.js'

const WORKERS = 2

/** The optimized sync; `readOnWorker` moves Firebird decoding to a worker thread (no effect on the SQLite stand-in). */
function optimizedVariant(description: string, readOnWorker: boolean): OperationVariantSpec<SyncFixture, SyncOutput> {
  return {
    description,
    prepare: async (fixture) => {
      const ends = await openEndpoints(fixture.source, fixture.target, { pool: optimizedPool(WORKERS), readOnWorker })
      const sync = new OptimizedSync(ends.source, ends.target, { maxWorkers: WORKERS })
      return {
        run: async () => ({ ...(await sync.run({ mapping: itemsMapping(), mode: 'full' })), backend: fixture.backend }),
        dispose: ends.close,
      }
    },
  }
}
const SEED_000 = '../shared/seeds/000 (Performance Improvements for Firebird → MySQL Sync)'

/**
 * Seed 000's before/after on a real table: the naive sync (whole result set in memory, a
 * promise and a lookup plus one INSERT or UPDATE per row) against the optimized one (streamed
 * reads decoded on a worker thread, 2 workers writing multi-row upserts), and the optimized one
 * with in-thread decoding. Each round starts from an empty target.
 */
export default defineScenario<SyncFixture, SyncOutput>({
  id: 'sync/firebird-to-mysql',
  description: 'Full sync of the ITEMS table, Firebird → MySQL: naive row-by-row (seed 000 before) vs streamed multi-row upserts (after)',
  runner: throughput({ unit: 'rows', units: (output) => output.processedRows, isolation: 'process' }),
  // Rounds only read the source.
  requires: [itemsSource({ name: 'source', rows: 100_000, quickRows: 2_000, reset: 'never' }), MYSQL_TARGET],
  packages: SYNC_PACKAGES,
  tags: ['seed-000', 'seed-003'],
  setup: syncFixture,
  variants: {
    naive: {
      baseline: true,
      description:
        'seed 000 before: all rows in memory, a promise per row behind a semaphore, lookup + INSERT/UPDATE per row, default pool',
      prepare: async (fixture) => {
        // No pool settings: mysql2's defaults, as the naive code had.
        const ends = await openEndpoints(fixture.source, fixture.target)
        const sync = new NaiveSync(ends.source, ends.target)
        return {
          run: async () => ({ ...(await sync.run({ mapping: itemsMapping(), mode: 'full' })), backend: fixture.backend }),
          dispose: ends.close,
        }
      },
    },
    optimized: optimizedVariant(
      'seed 000 after + seed 003: streamed keyset read decoded on a worker thread, 2 workers writing adaptive multi-row upserts, configured pool',
      true,
    ),
    'optimized-in-thread': optimizedVariant(
      'the same, with the Firebird rows decoded on the main thread: what the worker thread adds',
      false,
    ),
  },
  verify: async (output, { fixture }) => {
    const wrong = await verifyCopy(output, fixture)
    if (wrong !== true) return wrong
    return output.processedRows === output.totalRows || `copied ${output.processedRows} of ${output.totalRows} rows`
  },
  claims: [
    {
      metric: 'rowsPerSec',
      variant: 'optimized',
      ratio: { min: 10, max: 30 },
      source: SEED_000,
      text: 'Throughput ~100-500 → ~5,000-15,000 rows/sec: 10-30x faster',
    },
    {
      metric: 'peakRssBytes',
      variant: 'optimized',
      ratio: { min: 0.3, max: 0.5 },
      source: SEED_000,
      text: 'Memory usage: 50-70% reduction',
    },
    { metric: 'cpuMs', variant: 'optimized', ratio: { min: 0.4, max: 0.6 }, source: SEED_000, text: 'CPU usage: 40-60% reduction' },
  ],
})
