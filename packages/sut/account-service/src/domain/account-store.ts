import type { Account, AccountPage, TransferReceipt } from './account.js'
import type { StoreOutcome } from './store-outcome.js'

/** A store may answer synchronously (one event loop owns the data) or asynchronously (locks, threads, a database). */
export type MaybePromise<T> = T | Promise<T>

/**
 * The storage behind the HTTP API. Every implementation keeps the same invariants under any
 * concurrency: no balance goes below zero or above MAX_BALANCE_CENTS, a transfer moves the
 * whole amount or nothing, and money is only created by deposits and destroyed by withdrawals.
 * Amounts reaching a store are already validated (positive integers ≤ MAX_AMOUNT_CENTS), and
 * a transfer's two ids differ.
 */
export interface AccountStore {
  createAccount(owner: string): MaybePromise<StoreOutcome<Account>>
  getAccount(id: number): MaybePromise<StoreOutcome<Account>>
  deposit(id: number, amountCents: number): MaybePromise<StoreOutcome<Account>>
  withdraw(id: number, amountCents: number): MaybePromise<StoreOutcome<Account>>
  transfer(fromId: number, toId: number, amountCents: number): MaybePromise<StoreOutcome<TransferReceipt>>
  /** Accounts with id > afterId, in id order, at most `limit`. */
  listAccounts(afterId: number, limit: number): MaybePromise<StoreOutcome<AccountPage>>
  close(): Promise<void>
}
