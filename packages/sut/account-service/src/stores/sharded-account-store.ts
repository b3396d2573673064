import type { Account, AccountPage, TransferReceipt } from '../domain/account.js'
import type { AccountStore } from '../domain/account-store.js'
import { type StoreOutcome, succeeded } from '../domain/store-outcome.js'
import { siblingModule, startModuleWorker } from '../threads/start-module-worker.js'
import { ShardClient } from './shard-client.js'
import type { ShardWorkerData } from './shard-protocol.js'

/**
 * Phase 3 of seed 004: the table split into shards (the seed's `accountID % numShards`), each
 * owned by a worker thread. The HTTP thread hands out ids and routes every operation to the
 * shard that owns its account.
 *
 * A transfer within one shard is one atomic shard operation. A transfer across shards is a
 * small two-phase protocol, which keeps it all-or-nothing without a lock spanning threads:
 * 1. the destination shard reserves room for the credit (fails if the account is unknown or
 *    would pass the balance limit; nothing has changed yet);
 * 2. the source shard withdraws (fails on unknown account or insufficient funds, in which case
 *    the reservation is released and, again, nothing has changed);
 * 3. the destination shard commits the reserved credit, which cannot fail.
 * Between 2 and 3 the amount is in flight: a reader may see the source debited and the
 * destination not yet credited, never the reverse, and never a lost or duplicated cent.
 */
export class ShardedAccountStore implements AccountStore {
  private nextId = 1
  /** Owners by id: fixed at creation, so kept here and never sent back by the shards. */
  private readonly owners: string[]
  private readonly shards: ShardClient[]

  private constructor(owners: string[], shards: ShardClient[]) {
    this.owners = owners
    this.shards = shards
  }

  static async start(shardCount: number): Promise<ShardedAccountStore> {
    if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`shards must be a positive integer, got ${shardCount}`)
    const entry = siblingModule(import.meta.url, 'shard-worker')
    const owners: string[] = []
    const ownerOf = (id: number) => owners[id] ?? ''
    const shards = await Promise.all(
      Array.from({ length: shardCount }, (_, shardIndex) =>
        ShardClient.start(startModuleWorker(entry, { shardIndex, shardCount } satisfies ShardWorkerData), ownerOf),
      ),
    )
    return new ShardedAccountStore(owners, shards)
  }

  createAccount(owner: string): Promise<StoreOutcome<Account>> {
    const id = this.nextId++
    this.owners[id] = owner
    return this.shardOf(id).send({ kind: 'insert', id, owner })
  }

  getAccount(id: number): Promise<StoreOutcome<Account>> {
    return this.shardOf(id).send({ kind: 'get', id })
  }

  deposit(id: number, amountCents: number): Promise<StoreOutcome<Account>> {
    return this.shardOf(id).send({ kind: 'deposit', id, amountCents })
  }

  withdraw(id: number, amountCents: number): Promise<StoreOutcome<Account>> {
    return this.shardOf(id).send({ kind: 'withdraw', id, amountCents })
  }

  async transfer(fromId: number, toId: number, amountCents: number): Promise<StoreOutcome<TransferReceipt>> {
    const source = this.shardOf(fromId)
    const destination = this.shardOf(toId)
    if (source === destination) return source.send({ kind: 'transfer', fromId, toId, amountCents })
    const reserved = await destination.send<StoreOutcome<Account>>({ kind: 'reserve-credit', id: toId, amountCents })
    if (!reserved.ok) return reserved
    const debited = await source.send<StoreOutcome<Account>>({ kind: 'withdraw', id: fromId, amountCents })
    if (!debited.ok) {
      await destination.send({ kind: 'release-credit', id: toId, amountCents })
      return debited
    }
    const credited = await destination.send<StoreOutcome<Account>>({ kind: 'commit-credit', id: toId, amountCents })
    if (!credited.ok) {
      // Unreachable while accounts are never deleted: the reservation proved the account exists.
      throw new Error(`shard lost account ${toId} between reserving and committing a credit`)
    }
    return succeeded({ from: debited.value, to: credited.value, amountCents })
  }

  async listAccounts(afterId: number, limit: number): Promise<StoreOutcome<AccountPage>> {
    const lastId = this.nextId - 1
    // Ids are dense, so the page can only hold ids up to afterId + limit.
    const throughId = Math.min(lastId, afterId + limit)
    if (throughId <= afterId) return succeeded({ accounts: [], nextAfterId: null })
    const parts = await Promise.all(
      this.shards.map((shard) => shard.send<StoreOutcome<Account[]>>({ kind: 'range', afterId, throughId, limit })),
    )
    const accounts = parts.flatMap((part) => (part.ok ? part.value : [])).sort((a, b) => a.id - b.id)
    return succeeded({ accounts, nextAfterId: throughId < lastId ? throughId : null })
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.stop()))
  }

  private shardOf(id: number): ShardClient {
    return this.shards[(id - 1) % this.shards.length] as ShardClient
  }
}
