import { type Account, type AccountPage, MAX_BALANCE_CENTS, type TransferReceipt } from '../domain/account.js'
import type { AccountStore } from '../domain/account-store.js'
import { failed, type StoreOutcome, succeeded } from '../domain/store-outcome.js'
import { AsyncMutex } from './async-mutex.js'
import { AsyncRwLock } from './async-rw-lock.js'

interface LockedAccount {
  id: number
  owner: string
  balanceCents: number
  readonly mutex: AsyncMutex
}

export interface LockedAccountStoreOptions {
  /**
   * How operations that only look accounts up take the table lock. 'exclusive' is the seed's
   * baseline bug (Lock() where RLock() was meant): every request, reads included, waits for
   * every other. 'shared' is phase 1's fix: reads and balance updates share the table lock,
   * and only account creation, which changes the table, takes it exclusively.
   */
  tableLockForLookups: 'exclusive' | 'shared'
}

/**
 * The seed's original design (004 "double mutex locking"): a global readers–writer lock over
 * the account table plus a mutex per account, both taken for every operation and held across
 * the awaits that acquire them. Accounts live in a Map keyed by the id's string, as they
 * arrive in the URL. Correct under any interleaving; slow because every request queues twice.
 */
export class LockedAccountStore implements AccountStore {
  private readonly accounts = new Map<string, LockedAccount>()
  private readonly tableLock = new AsyncRwLock()
  private nextId = 1

  constructor(private readonly options: LockedAccountStoreOptions) {}

  async createAccount(owner: string): Promise<StoreOutcome<Account>> {
    const release = await this.tableLock.write()
    try {
      const account: LockedAccount = { id: this.nextId++, owner, balanceCents: 0, mutex: new AsyncMutex() }
      this.accounts.set(String(account.id), account)
      return succeeded(snapshot(account))
    } finally {
      release()
    }
  }

  getAccount(id: number): Promise<StoreOutcome<Account>> {
    return this.withAccount(id, (account) => succeeded(snapshot(account)))
  }

  deposit(id: number, amountCents: number): Promise<StoreOutcome<Account>> {
    return this.withAccount(id, (account) => {
      if (account.balanceCents + amountCents > MAX_BALANCE_CENTS) {
        return failed({ code: 'balance_limit_exceeded', accountId: id, limitCents: MAX_BALANCE_CENTS })
      }
      account.balanceCents += amountCents
      return succeeded(snapshot(account))
    })
  }

  withdraw(id: number, amountCents: number): Promise<StoreOutcome<Account>> {
    return this.withAccount(id, (account) => {
      if (account.balanceCents < amountCents) {
        return failed({ code: 'insufficient_funds', accountId: id, balanceCents: account.balanceCents, requestedCents: amountCents })
      }
      account.balanceCents -= amountCents
      return succeeded(snapshot(account))
    })
  }

  async transfer(fromId: number, toId: number, amountCents: number): Promise<StoreOutcome<TransferReceipt>> {
    const release = await this.lockTableForLookup()
    try {
      const from = this.accounts.get(String(fromId))
      if (from === undefined) return failed({ code: 'account_not_found', accountId: fromId })
      const to = this.accounts.get(String(toId))
      if (to === undefined) return failed({ code: 'account_not_found', accountId: toId })
      // Lock the two accounts in id order: two opposite transfers between the same pair would
      // otherwise each hold one lock and wait forever for the other.
      const [first, second] = fromId < toId ? [from, to] : [to, from]
      const unlockFirst = await first.mutex.lock()
      const unlockSecond = await second.mutex.lock()
      try {
        if (from.balanceCents < amountCents) {
          return failed({ code: 'insufficient_funds', accountId: fromId, balanceCents: from.balanceCents, requestedCents: amountCents })
        }
        if (to.balanceCents + amountCents > MAX_BALANCE_CENTS) {
          return failed({ code: 'balance_limit_exceeded', accountId: toId, limitCents: MAX_BALANCE_CENTS })
        }
        from.balanceCents -= amountCents
        to.balanceCents += amountCents
        return succeeded({ from: snapshot(from), to: snapshot(to), amountCents })
      } finally {
        unlockSecond()
        unlockFirst()
      }
    } finally {
      release()
    }
  }

  async listAccounts(afterId: number, limit: number): Promise<StoreOutcome<AccountPage>> {
    const release = await this.lockTableForLookup()
    try {
      const accounts: Account[] = []
      // Ids are handed out in sequence and never reused, so the page is a run of ids.
      for (let id = afterId + 1; id < this.nextId && accounts.length < limit; id++) {
        const account = this.accounts.get(String(id))
        if (account !== undefined) accounts.push(snapshot(account))
      }
      const last = accounts.at(-1)
      const nextAfterId = last !== undefined && last.id < this.nextId - 1 ? last.id : null
      return succeeded({ accounts, nextAfterId })
    } finally {
      release()
    }
  }

  async close(): Promise<void> {}

  private lockTableForLookup(): Promise<() => void> {
    return this.options.tableLockForLookups === 'exclusive' ? this.tableLock.write() : this.tableLock.read()
  }

  private async withAccount<T>(id: number, operation: (account: LockedAccount) => StoreOutcome<T>): Promise<StoreOutcome<T>> {
    const release = await this.lockTableForLookup()
    try {
      const account = this.accounts.get(String(id))
      if (account === undefined) return failed({ code: 'account_not_found', accountId: id })
      const unlock = await account.mutex.lock()
      try {
        return operation(account)
      } finally {
        unlock()
      }
    } finally {
      release()
    }
  }
}

function snapshot(account: LockedAccount): Account {
  return { id: account.id, owner: account.owner, balanceCents: account.balanceCents }
}
