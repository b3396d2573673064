import type { ServerSpec } from '@dyno/core'
import type { AccountServiceOptions } from '@sut/account-service'

/**
 * The account service (@sut/account-service) as an http-load server, typed by its own
 * options. No readyPath: the factory resolves only once the store's worker threads (phase3,
 * SQLite) run and the preload accounts exist, and dyno's host awaits it before listening.
 */
export function accountServer(options: AccountServiceOptions): ServerSpec {
  return {
    module: import.meta.resolve('@sut/account-service'),
    export: 'createAccountServer',
    options,
    startTimeoutMs: 30_000,
  }
}
