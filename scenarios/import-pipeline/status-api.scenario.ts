import { closedModel, defineScenario, httpLoad, loadBudget, type ServerSpec } from '@dyno/core'
import type { StatusStoreKind } from '@sut/import-pipeline'
import { type StatusApiLoadServerOptions, statusImportId } from './status-api-server.js'

const SEED_001 = 'seeds/001_0bb65736470de125.txt'
const IMPORTS = 200

function statusServer(store: StatusStoreKind): ServerSpec {
  const options: StatusApiLoadServerOptions = { store, imports: IMPORTS, logLinesPerImport: 20, writesPerSec: 200 }
  return {
    module: new URL('./status-api-server.ts', import.meta.url).href,
    export: 'createStatusApiLoadServer',
    options,
    // The server module is part of the scenario (it plays the running import), so it is loaded as TypeScript.
    execArgv: ['--import', import.meta.resolve('tsx')],
    readyPath: '/health',
  }
}

/** The API's read mix: mostly one import's status, its log tail, and now and then the whole list. */
const routes = [
  {
    name: 'one-import',
    weight: 60,
    path: ({ random }: { random: () => number }) => `/imports/${encodeURIComponent(statusImportId(Math.floor(random() * IMPORTS)))}`,
  },
  {
    name: 'logs',
    weight: 30,
    path: ({ random }: { random: () => number }) =>
      `/imports/${encodeURIComponent(statusImportId(Math.floor(random() * IMPORTS)))}/logs?limit=20`,
  },
  { name: 'list', weight: 10, path: '/imports' },
]

const variants = {
  'global-lock': {
    baseline: true,
    description: 'Seed 001 before: one lock around every read and write; every write rewrites the status file under the lock',
    server: statusServer('global-lock'),
  },
  'fine-grained': {
    description: 'Seed 001 after: lock-free reads of immutable snapshots; writes coalesced by one background writer',
    server: statusServer('fine-grained'),
  },
} as const

const claims = [
  {
    metric: 'throughputRps',
    variant: 'fine-grained',
    ratio: { min: 1 },
    source: SEED_001,
    text: 'Status tracking: concurrent access optimized for multi-threaded environments (target: 20 → 100 concurrent status readers)',
  },
]

/**
 * Seed 001's status-tracking hot spot: the status API answering concurrent readers while an
 * import writes 200 progress updates and 200 log lines a second to the same store. Two
 * scenarios, one per load level the seed names: 20 and 100 concurrent clients.
 */
function statusApiScenario(connections: 20 | 100) {
  return defineScenario({
    id: connections === 20 ? 'import-pipeline/status-api' : 'import-pipeline/status-api-100',
    description: `Status API under ${connections} concurrent readers while an import writes: one global lock vs fine-grained`,
    runner: httpLoad({ load: closedModel({ connections, durationMs: 2000 }), routes, windowMs: 500, warmupMs: 500 }),
    packages: ['@sut/import-pipeline'],
    tags: ['seed-001', 'http', 'locking'],
    variants,
    claims,
    budgets: [loadBudget('errors < 0.1%', { reason: 'a status read never fails' })],
  })
}

export const statusApi20 = statusApiScenario(20)
export const statusApi100 = statusApiScenario(100)
