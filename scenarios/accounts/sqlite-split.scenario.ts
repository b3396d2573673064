import { rmSync } from 'node:fs'
import path from 'node:path'
import { defineScenario, httpLoad, loadBudget, openModel } from '@dyno/core'
import { accountServer } from './account-server.js'
import { deposit, PRELOADED_ACCOUNTS, PRELOADED_BALANCE_CENTS, readAccount, transfer } from './request-mix.js'

const SEED = 'seeds/002_7346484437c96159.txt'
const preload = { accounts: PRELOADED_ACCOUNTS, balanceCents: PRELOADED_BALANCE_CENTS }

function databaseFile(tempDir: string, variant: string): string {
  return path.join(tempDir, `${variant}.db`)
}

/**
 * Seed 002 on the account service's SQLite store: the default single-connection setup
 * (rollback journal, synchronous FULL, busy_timeout 0, request workers each with a connection
 * to the same file) against the split one (WAL, synchronous NORMAL, busy_timeout 5000, one
 * writer thread and a pool of reader threads behind a router), under the seed's profile:
 * 60% reads, 40% writes, a ramping arrival rate (open model, so queueing shows as latency
 * and drops instead of slowing the generator down).
 *
 * The seed ramped to 10,000 req/s on its server; this machine has 2 cores shared with the
 * generator, so the ramp goes from 200 to 2,000 req/s: in one-round probes of this scenario
 * at constant rates (1,000, 2,500 and 4,000 req/s, load average 11) the split store kept up
 * with all three, its p95 rising past 400 ms only at 4,000, while the single-connection
 * store answered 250–340 req/s and refused 75–93% of requests with SQLITE_BUSY.
 *
 * Every round starts from a fresh database file (beforeRound deletes it; the server creates
 * it with the preloaded accounts), so no round inherits another's WAL or table growth.
 */
export default defineScenario({
  id: 'accounts/sqlite-split',
  description:
    'Account service on SQLite under a 60/40 read/write open-model ramp: one connection per request worker (DELETE, FULL, busy_timeout 0) vs WAL writer + reader pool',
  runner: httpLoad({
    load: openModel({
      startRate: 200,
      stages: [
        { durationMs: 2000, targetRate: 2000 },
        { durationMs: 1500, targetRate: 2000 },
      ],
      maxConnections: 256,
    }),
    routes: [readAccount(60), deposit(20), transfer(20)],
    windowMs: 500,
    warmupMs: 500,
    timeoutMs: 10_000,
    errorClasses: { 'lock-error': (response) => response.body.includes('SQLITE_BUSY') },
  }),
  packages: ['@sut/account-service', 'better-sqlite3'],
  tags: ['http', 'accounts', 'sqlite', 'seed-002'],
  beforeRound: (_fixture, context) => {
    const file = databaseFile(context.tempDir, context.variant)
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  },
  variants: {
    'sqlite-single': {
      baseline: true,
      description:
        'journal_mode=DELETE, synchronous=FULL, busy_timeout=0, foreign_keys=off; 4 request workers, each with its own read-write connection',
      server: (_fixture, context) =>
        accountServer({
          variant: 'sqlite-single',
          preload,
          sqlite: { file: databaseFile(context.tempDir, 'sqlite-single'), requestWorkers: 4 },
        }),
    },
    'sqlite-split': {
      description:
        'journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000, foreign_keys=on; 1 writer thread, 4 read-only reader threads, a router',
      server: (_fixture, context) =>
        accountServer({ variant: 'sqlite-split', preload, sqlite: { file: databaseFile(context.tempDir, 'sqlite-split'), readers: 4 } }),
    },
  },
  metrics: {
    // The gate decides on lock errors, the seed's failure, which are decisive within a few
    // rounds. p95 is still compared and reported, but on this shared 2-core machine it
    // varied by ±100% from round to round (a first full run needed the 30-round cap, 7 min,
    // to bound it), so gating on it would make every run hit the cap.
    p95LatencyUs: { gated: false },
    errorRate: { gated: true, threshold: 0.1 },
  },
  budgets: [loadBudget('errors < 0.1%', { variant: 'sqlite-split', reason: 'the split store should never refuse a request for a lock' })],
  claims: [
    {
      metric: 'p95LatencyUs',
      variant: 'sqlite-split',
      ratio: { max: 0.01 },
      source: SEED,
      text: 'p95 latency 6.35 s → 35 ms (−99.4%)',
    },
    {
      // Lock errors are the single store's only failure class under this mix (the result's
      // errorsByClass shows them as 'lock-error'), so its error rate is its lock-error rate.
      metric: 'errorRate',
      variant: 'sqlite-split',
      ratio: { max: 0.01 },
      source: SEED,
      text: 'Lock errors 22.32% → 0% (−100%)',
    },
  ],
})
