import { defineScenario, type OperationVariantSpec, throughput } from '@dyno/core'
import { OptimizedSync } from '@sut/sync-engine'
import { itemsMapping } from './items-mapping.js'
import { openEndpoints, optimizedPool } from './sync-endpoints.js'
import { type SyncFixture, type SyncOutput, syncFixture, verifyCopy } from './sync-fixture.js'
import { itemsSource, MYSQL_TARGET, SYNC_PACKAGES } from './sync-requirements.js'

const WORKERS = 2
const FIXED_SIZES = [100, 500, 1000, 2000, 5000] as const

/** The optimized sync with a given batch size ('adaptive': seed 003's table of sizes by table size and memory). */
function variant(batchRows: number | 'adaptive', baseline: boolean): OperationVariantSpec<SyncFixture, SyncOutput> {
  return {
    ...(baseline ? { baseline: true } : {}),
    description: batchRows === 'adaptive' ? "seed 003's adaptive batch size" : `fixed batches of ${batchRows} rows`,
    prepare: async (fixture) => {
      const ends = await openEndpoints(fixture.source, fixture.target, { pool: optimizedPool(WORKERS) })
      const sync = new OptimizedSync(ends.source, ends.target, { maxWorkers: WORKERS, batchRows })
      return {
        run: async () => ({ ...(await sync.run({ mapping: itemsMapping(), mode: 'full' })), backend: fixture.backend }),
        dispose: ends.close,
      }
    },
  }
}

/**
 * Seed 003 claims that batch size matters and that its table picks a good one. This runs the
 * optimized full sync with fixed sizes around the table's choice against the adaptive choice
 * (2000 rows below 100k rows, 1000 up to 1M).
 */
export default defineScenario<SyncFixture, SyncOutput>({
  id: 'sync/batch-size',
  description: 'Optimized full sync of ITEMS, Firebird → MySQL, with fixed batches of 100/500/1000/2000/5000 rows vs the adaptive size',
  runner: throughput({ unit: 'rows', units: (output) => output.processedRows, isolation: 'process' }),
  requires: [itemsSource({ name: 'source', rows: 100_000, quickRows: 5_000, reset: 'never' }), MYSQL_TARGET],
  packages: SYNC_PACKAGES,
  tags: ['seed-003'],
  setup: syncFixture,
  variants: {
    adaptive: variant('adaptive', true),
    ...Object.fromEntries(FIXED_SIZES.map((size) => [`fixed-${size}`, variant(size, false)])),
  },
  verify: async (output, { fixture }) => {
    const wrong = await verifyCopy(output, fixture)
    if (wrong !== true) return wrong
    return output.processedRows === output.totalRows || `copied ${output.processedRows} of ${output.totalRows} rows`
  },
})
