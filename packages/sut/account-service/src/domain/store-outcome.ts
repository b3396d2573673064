/**
 * What a store operation can come to. Failures are values, not exceptions: insufficient funds
 * is an ordinary answer to a withdrawal, and the HTTP layer maps each code to a status.
 */
export type StoreFailure =
  | { code: 'account_not_found'; accountId: number }
  | { code: 'insufficient_funds'; accountId: number; balanceCents: number; requestedCents: number }
  | { code: 'balance_limit_exceeded'; accountId: number; limitCents: number }
  /** The storage refused the operation because another connection holds a lock (SQLITE_BUSY). */
  | { code: 'storage_busy'; detail: string }

export type StoreOutcome<T> = { ok: true; value: T } | { ok: false; failure: StoreFailure }

export function succeeded<T>(value: T): StoreOutcome<T> {
  return { ok: true, value }
}

export function failed<T>(failure: StoreFailure): StoreOutcome<T> {
  return { ok: false, failure }
}
