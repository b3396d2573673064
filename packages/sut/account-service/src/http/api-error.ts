import type { StoreFailure } from '../domain/store-outcome.js'

/**
 * An error answer: the status, a stable machine-readable code, and a message that says what
 * was wrong and what to do instead. Sent as `{ "error": { "code", "message" } }`.
 */
export interface ApiError {
  status: number
  code: string
  message: string
}

export function apiError(status: number, code: string, message: string): ApiError {
  return { status, code, message }
}

/** Maps a store's refusal to its HTTP answer. */
export function storeFailureToApiError(failure: StoreFailure): ApiError {
  switch (failure.code) {
    case 'account_not_found':
      return apiError(404, failure.code, `account ${failure.accountId} does not exist; create it with POST /accounts first`)
    case 'insufficient_funds':
      return apiError(
        409,
        failure.code,
        `account ${failure.accountId} holds ${failure.balanceCents} cents, less than the ${failure.requestedCents} cents requested; nothing was changed`,
      )
    case 'balance_limit_exceeded':
      return apiError(
        422,
        failure.code,
        `account ${failure.accountId} would hold more than the limit of ${failure.limitCents} cents; nothing was changed`,
      )
    case 'storage_busy':
      // The detail carries the driver's code (SQLITE_BUSY) so clients and load tests can
      // tell lock contention from other failures.
      return apiError(503, 'storage_busy', `the database is locked by another connection (${failure.detail}); retry the request`)
  }
}
