import type { Account, AccountPage, TransferReceipt } from '../domain/account.js'
import type { AccountStore } from '../domain/account-store.js'
import { type StoreOutcome, succeeded } from '../domain/store-outcome.js'
import { DenseAccountTable } from './dense-account-table.js'

/**
 * Phase 2 of seed 004: no locks at all. The seed replaced Go mutexes with atomics and
 * sync.Map; in Node the event loop already serialises every request, so each operation runs
 * to completion synchronously on a dense id-indexed table, and answers without a promise.
 */
export class EventLoopAccountStore implements AccountStore {
  private readonly table = new DenseAccountTable()
  private nextId = 1

  createAccount(owner: string): StoreOutcome<Account> {
    return succeeded(this.table.insert(this.nextId++, owner))
  }

  getAccount(id: number): StoreOutcome<Account> {
    return this.table.get(id)
  }

  deposit(id: number, amountCents: number): StoreOutcome<Account> {
    return this.table.deposit(id, amountCents)
  }

  withdraw(id: number, amountCents: number): StoreOutcome<Account> {
    return this.table.withdraw(id, amountCents)
  }

  transfer(fromId: number, toId: number, amountCents: number): StoreOutcome<TransferReceipt> {
    return this.table.transfer(fromId, toId, amountCents)
  }

  listAccounts(afterId: number, limit: number): StoreOutcome<AccountPage> {
    const lastId = this.nextId - 1
    const accounts = this.table.range(afterId, lastId, limit)
    const tail = accounts.at(-1)
    return succeeded({ accounts, nextAfterId: tail !== undefined && tail.id < lastId ? tail.id : null })
  }

  async close(): Promise<void> {}
}
