import type { DatabaseConnection } from '@dyno/core'
import { defineScenario, type OperationVariantSpec, throughput } from '@dyno/core'
import { OptimizedSync } from '@sut/sync-engine'
import { itemsMapping } from './items-mapping.js'
import { backendLabel, openEndpoints, optimizedPool } from './sync-endpoints.js'
import { type SyncOutput, verifyCopy } from './sync-fixture.js'
import { itemsSource, MYSQL_TARGET, SYNC_PACKAGES } from './sync-requirements.js'

interface Fixture {
  small: DatabaseConnection
  large: DatabaseConnection
  target: DatabaseConnection
  backend: string
}

const WORKERS = 2
const MIB = 1024 * 1024

function variant(size: 'small' | 'large', baseline: boolean): OperationVariantSpec<Fixture, SyncOutput> {
  return {
    ...(baseline ? { baseline: true } : {}),
    description: `the optimized sync (worker-thread read) of the ${size === 'small' ? '100k' : '1M'}-row table`,
    prepare: async (fixture) => {
      const ends = await openEndpoints(fixture[size], fixture.target, { pool: optimizedPool(WORKERS), readOnWorker: true })
      const sync = new OptimizedSync(ends.source, ends.target, { maxWorkers: WORKERS })
      return {
        run: async () => ({ ...(await sync.run({ mapping: itemsMapping(), mode: 'full' })), backend: fixture.backend }),
        dispose: ends.close,
      }
    },
  }
}

/**
 * Streaming should keep memory flat in the table's size: the same optimized sync of a 100k-row
 * and a 1M-row table, each round in its own process, compared on peak RSS (gated: more than
 * 25% growth fails the run) and held to the limit of 150 MB at 1M rows.
 */
export default defineScenario<Fixture, SyncOutput>({
  id: 'sync/memory-by-table-size',
  description: 'Peak RSS of the optimized Firebird → MySQL sync at 100k vs 1M rows: streaming keeps memory flat in table size',
  runner: throughput({ unit: 'rows', units: (output) => output.processedRows, isolation: 'process' }),
  requires: [
    itemsSource({ name: 'small', rows: 100_000, quickRows: 2_000, reset: 'never' }),
    itemsSource({ name: 'large', rows: 1_000_000, quickRows: 20_000, reset: 'never' }),
    MYSQL_TARGET,
  ],
  packages: SYNC_PACKAGES,
  tags: ['seed-000', 'seed-003'],
  setup: ({ databases }) => {
    const { small, large, target } = databases
    if (small === undefined || large === undefined || target === undefined)
      throw new Error('sync/memory-by-table-size needs the small, large and target databases')
    return { small, large, target, backend: backendLabel(small, target) }
  },
  variants: {
    'rows-100k': variant('small', true),
    'rows-1m': variant('large', false),
  },
  verify: async (output, { fixture, variant: name }) => {
    const wrong = await verifyCopy(output, {
      source: name === 'rows-1m' ? fixture.large : fixture.small,
      target: fixture.target,
      backend: fixture.backend,
    })
    if (wrong !== true) return wrong
    return output.processedRows === output.totalRows || `copied ${output.processedRows} of ${output.totalRows} rows`
  },
  metrics: { peakRssBytes: { gated: true, threshold: 0.25 } },
  budgets: [
    { metric: 'peakRssBytes', variant: 'rows-1m', max: 150 * MIB, reason: 'issue 5: peak RSS flat in table size, 1M rows within 150 MB' },
  ],
})
