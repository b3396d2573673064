import type http from 'node:http'
import type { AccountServiceOptions } from './account-service-options.js'
import type { AccountStore } from './domain/account-store.js'
import { AccountApi } from './http/account-api.js'
import { createFrameworkServer } from './http/framework-app.js'
import { createLeanServer } from './http/lean-app.js'
import { DEFAULT_MAX_BODY_BYTES } from './http/read-body.js'
import { BatchedRequestMetrics } from './observability/batched-request-metrics.js'
import { ImmediateRequestMetrics } from './observability/immediate-request-metrics.js'
import { type LogDestination, Logger } from './observability/logger.js'
import type { RequestMetrics } from './observability/request-metrics.js'
import { openSqliteStore } from './sqlite/open-sqlite-store.js'
import { EventLoopAccountStore } from './stores/event-loop-account-store.js'
import { LockedAccountStore } from './stores/locked-account-store.js'
import { ShardedAccountStore } from './stores/sharded-account-store.js'
import { validateServiceOptions } from './validate-service-options.js'

export interface AccountServer {
  /** Not yet listening: call `server.listen(…)`. */
  server: http.Server
  /** Stops the store's workers and connections and closes the log; call after the server closed. */
  close(): Promise<void>
}

/**
 * Builds the account service in one of its variants. What each variant changes, after
 * seed 004 (in-memory) and seed 002 (SQLite):
 *
 * | variant | store | HTTP layer | logging | metrics |
 * |---|---|---|---|---|
 * | baseline | table RW lock taken exclusively + per-account mutex | framework, fresh context per request | debug: every request with client IP, every refusal at warn | on every request |
 * | phase1 | table lock shared for lookups + per-account mutex | framework, pooled contexts | info (debug lines off, refusals at debug) | on every request |
 * | phase2 | no locks, dense array, synchronous | framework, pooled contexts | info | batched |
 * | phase3 | sharded across worker threads | lean, compiled serialisers | info | batched |
 * | sqlite-single | SQLite, DELETE journal, FULL sync, busy_timeout 0, request workers with a connection each | framework, pooled | info | batched |
 * | sqlite-split | SQLite WAL, NORMAL sync, busy_timeout 5000: one writer thread, reader threads, a router | framework, pooled | info | batched |
 */
export async function createAccountServer(options: AccountServiceOptions): Promise<AccountServer> {
  validateServiceOptions(options)
  const destination: LogDestination = options.logFile === undefined ? { kind: 'stdout' } : { kind: 'file', path: options.logFile }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const store = await openStore(options)
  try {
    // SQLite stores load their preload in one transaction when they create the file.
    const sqlite = options.variant === 'sqlite-single' || options.variant === 'sqlite-split'
    if (options.preload !== undefined && !sqlite) await preload(store, options.preload.accounts, options.preload.balanceCents)
  } catch (error) {
    await store.close()
    throw error
  }
  const api = new AccountApi(store)
  const baseline = options.variant === 'baseline'
  const logger = new Logger(baseline ? 'debug' : 'info', destination)
  const metrics: RequestMetrics = baseline || options.variant === 'phase1' ? new ImmediateRequestMetrics() : new BatchedRequestMetrics()
  const server =
    options.variant === 'phase3'
      ? createLeanServer({ api, logger, metrics, maxBodyBytes })
      : createFrameworkServer({
          api,
          logger,
          metrics,
          maxBodyBytes,
          validationFailureLevel: baseline ? 'warn' : 'debug',
          reuseContexts: !baseline,
        })
  return {
    server,
    close: async () => {
      metrics.close()
      await store.close()
      logger.close()
    },
  }
}

async function openStore(options: AccountServiceOptions): Promise<AccountStore> {
  switch (options.variant) {
    case 'baseline':
      return new LockedAccountStore({ tableLockForLookups: 'exclusive' })
    case 'phase1':
      return new LockedAccountStore({ tableLockForLookups: 'shared' })
    case 'phase2':
      return new EventLoopAccountStore()
    case 'phase3':
      return ShardedAccountStore.start(options.shards ?? 2)
    case 'sqlite-single':
    case 'sqlite-split':
      return openSqliteStore(options.variant, options.sqlite ?? { file: '' }, options.preload)
  }
}

async function preload(store: AccountStore, accounts: number, balanceCents: number): Promise<void> {
  for (let i = 1; i <= accounts; i++) {
    const created = await store.createAccount(`preloaded owner ${i}`)
    if (!created.ok) throw new Error(`could not preload account ${i}: ${created.failure.code}`)
    if (balanceCents > 0) {
      const funded = await store.deposit(created.value.id, balanceCents)
      if (!funded.ok) throw new Error(`could not fund preloaded account ${i}: ${funded.failure.code}`)
    }
  }
}
