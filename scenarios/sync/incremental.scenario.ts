import { defineScenario, type OperationVariantSpec, throughput } from '@dyno/core'
import { OptimizedSync } from '@sut/sync-engine'
import { changeOnePercent } from './change-source-rows.js'
import { itemsMapping } from './items-mapping.js'
import { openEndpoints, optimizedPool } from './sync-endpoints.js'
import { type SyncFixture, type SyncOutput, syncFixture, verifyCopy } from './sync-fixture.js'
import { itemsSource, MYSQL_TARGET, SYNC_PACKAGES } from './sync-requirements.js'

const WORKERS = 2

type IncrementalOutput = SyncOutput & { sourceRows: number; changedRows: number }

/**
 * Before each round, outside the clock: a full sync, then 1% of the source rows changed. The
 * measured job brings the target up to date again, by a full resync or by an incremental sync
 * that reads only the rows at or after the stored UPDATED_AT watermark.
 */
function variant(mode: 'full' | 'incremental', baseline: boolean): OperationVariantSpec<SyncFixture, IncrementalOutput> {
  return {
    ...(baseline ? { baseline: true } : {}),
    description: mode === 'full' ? 'full resync of every row' : 'incremental: only rows changed since the watermark',
    prepare: async (fixture) => {
      const ends = await openEndpoints(fixture.source, fixture.target, { pool: optimizedPool(WORKERS) })
      try {
        const sync = new OptimizedSync(ends.source, ends.target, { maxWorkers: WORKERS })
        const mapping = itemsMapping()
        await sync.run({ mapping, mode: 'full' })
        const changedRows = await changeOnePercent(fixture.source)
        const sourceRows = await ends.source.countRows(mapping)
        return {
          run: async () => ({ ...(await sync.run({ mapping, mode })), backend: fixture.backend, sourceRows, changedRows }),
          dispose: ends.close,
        }
      } catch (error) {
        // The preparing sync failed: close what was opened, then report it as prepare's failure.
        await ends.close()
        throw error
      }
    },
  }
}

export default defineScenario<SyncFixture, IncrementalOutput>({
  id: 'sync/incremental',
  description: 'Bring ITEMS up to date after 1% of rows changed, Firebird → MySQL: full resync vs incremental sync by UPDATED_AT watermark',
  // Units are the source's rows: both variants leave the whole table equal, so rows/s is "table reconciled per second".
  runner: throughput({ unit: 'rows', units: (output) => output.sourceRows, isolation: 'process' }),
  // Reset each round (the default): every round changes 1% of the source.
  requires: [itemsSource({ name: 'source', rows: 100_000, quickRows: 5_000 }), MYSQL_TARGET],
  packages: SYNC_PACKAGES,
  tags: ['seed-003'],
  setup: syncFixture,
  variants: {
    'full-resync': variant('full', true),
    incremental: variant('incremental', false),
  },
  verify: async (output, { fixture, variant: name }) => {
    const wrong = await verifyCopy(output, fixture)
    if (wrong !== true) return wrong
    if (name === 'incremental' && output.processedRows >= output.sourceRows)
      return `the incremental sync copied all ${output.processedRows} rows`
    return output.processedRows >= output.changedRows || `copied ${output.processedRows} rows, fewer than the ${output.changedRows} changed`
  },
})
