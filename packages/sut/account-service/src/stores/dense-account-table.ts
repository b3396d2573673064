import { type Account, MAX_BALANCE_CENTS, type TransferReceipt } from '../domain/account.js'
import { failed, type StoreOutcome, succeeded } from '../domain/store-outcome.js'

interface Slot {
  id: number
  owner: string
  balanceCents: number
  /** Cents promised to arrive by cross-shard transfers in flight; counted against the balance limit. */
  reservedCreditCents: number
}

/**
 * Accounts in an array indexed by id. Ids are handed out in sequence and never reused, so a
 * dense array is the map that suits the access pattern: a lookup is an index, with no hashing
 * and no string keys. With `stride` N the table holds every N-th id (one shard of N), still
 * densely: slot = ⌊(id − 1) / N⌋.
 *
 * Every method runs to completion synchronously. One event loop owns the table, so a
 * check-then-update (enough funds? then subtract) cannot be interleaved with another request:
 * each balance update is atomic without a lock.
 */
export class DenseAccountTable {
  private readonly slots: (Slot | undefined)[] = []

  constructor(private readonly stride = 1) {}

  insert(id: number, owner: string): Account {
    const slot: Slot = { id, owner, balanceCents: 0, reservedCreditCents: 0 }
    this.slots[this.slotOf(id)] = slot
    return view(slot)
  }

  get(id: number): StoreOutcome<Account> {
    const slot = this.find(id)
    return slot === undefined ? notFound(id) : succeeded(view(slot))
  }

  deposit(id: number, amountCents: number): StoreOutcome<Account> {
    const slot = this.find(id)
    if (slot === undefined) return notFound(id)
    if (exceedsLimit(slot, amountCents)) return limitExceeded(id)
    slot.balanceCents += amountCents
    return succeeded(view(slot))
  }

  withdraw(id: number, amountCents: number): StoreOutcome<Account> {
    const slot = this.find(id)
    if (slot === undefined) return notFound(id)
    if (slot.balanceCents < amountCents) return insufficient(slot, amountCents)
    slot.balanceCents -= amountCents
    return succeeded(view(slot))
  }

  /** Both accounts in this table: checked, then both updated in the same synchronous step. */
  transfer(fromId: number, toId: number, amountCents: number): StoreOutcome<TransferReceipt> {
    const from = this.find(fromId)
    if (from === undefined) return notFound(fromId)
    const to = this.find(toId)
    if (to === undefined) return notFound(toId)
    if (from.balanceCents < amountCents) return insufficient(from, amountCents)
    if (exceedsLimit(to, amountCents)) return limitExceeded(toId)
    from.balanceCents -= amountCents
    to.balanceCents += amountCents
    return succeeded({ from: view(from), to: view(to), amountCents })
  }

  /**
   * First step of a transfer whose source lives elsewhere: promise room for the credit. The
   * reservation makes the later commit unable to fail, so the source can be debited safely.
   */
  reserveCredit(id: number, amountCents: number): StoreOutcome<Account> {
    const slot = this.find(id)
    if (slot === undefined) return notFound(id)
    if (exceedsLimit(slot, amountCents)) return limitExceeded(id)
    slot.reservedCreditCents += amountCents
    return succeeded(view(slot))
  }

  /** Turns a reservation into balance; cannot fail once reserveCredit succeeded. */
  commitCredit(id: number, amountCents: number): StoreOutcome<Account> {
    const slot = this.find(id)
    if (slot === undefined) return notFound(id)
    slot.reservedCreditCents -= amountCents
    slot.balanceCents += amountCents
    return succeeded(view(slot))
  }

  /** Gives back a reservation whose debit failed. */
  releaseCredit(id: number, amountCents: number): StoreOutcome<Account> {
    const slot = this.find(id)
    if (slot === undefined) return notFound(id)
    slot.reservedCreditCents -= amountCents
    return succeeded(view(slot))
  }

  /** Accounts with afterId < id ≤ throughId, in id order, at most `limit`. */
  range(afterId: number, throughId: number, limit: number): Account[] {
    const accounts: Account[] = []
    const first = Math.max(0, this.slotOf(afterId + 1))
    const last = Math.min(this.slots.length - 1, this.slotOf(throughId))
    for (let index = first; index <= last && accounts.length < limit; index++) {
      const slot = this.slots[index]
      if (slot !== undefined && slot.id > afterId && slot.id <= throughId) accounts.push(view(slot))
    }
    return accounts
  }

  private slotOf(id: number): number {
    return Math.floor((id - 1) / this.stride)
  }

  private find(id: number): Slot | undefined {
    const slot = this.slots[this.slotOf(id)]
    // A stale id from another shard would map onto a slot here; the id check refuses it.
    return slot !== undefined && slot.id === id ? slot : undefined
  }
}

function view(slot: Slot): Account {
  return { id: slot.id, owner: slot.owner, balanceCents: slot.balanceCents }
}

function exceedsLimit(slot: Slot, amountCents: number): boolean {
  return slot.balanceCents + slot.reservedCreditCents + amountCents > MAX_BALANCE_CENTS
}

function notFound<T>(accountId: number): StoreOutcome<T> {
  return failed({ code: 'account_not_found', accountId })
}

function limitExceeded<T>(accountId: number): StoreOutcome<T> {
  return failed({ code: 'balance_limit_exceeded', accountId, limitCents: MAX_BALANCE_CENTS })
}

function insufficient<T>(slot: Slot, requestedCents: number): StoreOutcome<T> {
  return failed({ code: 'insufficient_funds', accountId: slot.id, balanceCents: slot.balanceCents, requestedCents })
}
