import type { Account, AccountPage, TransferReceipt } from '../domain/account.js'
import type { AccountStore } from '../domain/account-store.js'
import type { StoreOutcome } from '../domain/store-outcome.js'
import type { SqliteExecutor } from './sqlite-executor.js'

/** The account store on SQLite: each call becomes one operation for the executor to place. */
export class SqliteAccountStore implements AccountStore {
  constructor(private readonly executor: SqliteExecutor) {}

  createAccount(owner: string): Promise<StoreOutcome<Account>> {
    return this.executor.run({ kind: 'create', owner }) as Promise<StoreOutcome<Account>>
  }

  getAccount(id: number): Promise<StoreOutcome<Account>> {
    return this.executor.run({ kind: 'get', id }) as Promise<StoreOutcome<Account>>
  }

  deposit(id: number, amountCents: number): Promise<StoreOutcome<Account>> {
    return this.executor.run({ kind: 'deposit', id, amountCents }) as Promise<StoreOutcome<Account>>
  }

  withdraw(id: number, amountCents: number): Promise<StoreOutcome<Account>> {
    return this.executor.run({ kind: 'withdraw', id, amountCents }) as Promise<StoreOutcome<Account>>
  }

  transfer(fromId: number, toId: number, amountCents: number): Promise<StoreOutcome<TransferReceipt>> {
    return this.executor.run({ kind: 'transfer', fromId, toId, amountCents }) as Promise<StoreOutcome<TransferReceipt>>
  }

  listAccounts(afterId: number, limit: number): Promise<StoreOutcome<AccountPage>> {
    return this.executor.run({ kind: 'list', afterId, limit }) as Promise<StoreOutcome<AccountPage>>
  }

  close(): Promise<void> {
    return this.executor.close()
  }
}
