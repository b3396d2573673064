import type { Account, AccountPage, TransferReceipt } from '../domain/account.js'
import type { StoreOutcome } from '../domain/store-outcome.js'

/**
 * One unit of work for a SQLite connection, sent to the worker thread that owns it. Each is
 * one statement or one transaction, so a transaction never spans a message round trip.
 */
export type SqliteOperation =
  | { kind: 'create'; owner: string }
  | { kind: 'get'; id: number }
  | { kind: 'list'; afterId: number; limit: number }
  | { kind: 'deposit'; id: number; amountCents: number }
  | { kind: 'withdraw'; id: number; amountCents: number }
  | { kind: 'transfer'; fromId: number; toId: number; amountCents: number }

export type SqliteAnswer = StoreOutcome<Account> | StoreOutcome<TransferReceipt> | StoreOutcome<AccountPage>

/** The router's rule: operations that only read may go to a read-only connection. */
export function isReadOnly(operation: SqliteOperation): boolean {
  return operation.kind === 'get' || operation.kind === 'list'
}

export type SqliteWorkerMessage =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'answer'; sequence: number; answer: SqliteAnswer }

export type SqliteWorkerRequest = { type: 'run'; sequence: number; operation: SqliteOperation } | { type: 'close' }
