import type { Account, TransferReceipt } from '../domain/account.js'
import { failed, type StoreFailure, type StoreOutcome, succeeded } from '../domain/store-outcome.js'

/**
 * Messages between the HTTP thread and the shard workers of the sharded store.
 *
 * Operations travel in batches: everything the HTTP thread asks of one shard during one turn
 * of its event loop goes in one postMessage, and the shard answers the batch with one message,
 * in order. Both directions are flat Float64Arrays whose buffers are transferred, not cloned:
 * a profile of the first version, which posted arrays of objects, had a third of the HTTP
 * thread's time in postMessage serialising them. Owners' names never cross: they are fixed at
 * creation, so the HTTP thread keeps them and answers carry ids and balances only.
 */
export type ShardOperation =
  | { kind: 'insert'; id: number; owner: string }
  | { kind: 'get'; id: number }
  | { kind: 'deposit'; id: number; amountCents: number }
  | { kind: 'withdraw'; id: number; amountCents: number }
  | { kind: 'transfer'; fromId: number; toId: number; amountCents: number }
  | { kind: 'reserve-credit'; id: number; amountCents: number }
  | { kind: 'commit-credit'; id: number; amountCents: number }
  | { kind: 'release-credit'; id: number; amountCents: number }
  | { kind: 'range'; afterId: number; throughId: number; limit: number }

export type ShardAnswer = StoreOutcome<Account | TransferReceipt | Account[]>

/** Four numbers per operation: the kind's code and up to three arguments. */
export const OPERATION_STRIDE = 4

export const OPERATION_CODES = {
  insert: 0,
  get: 1,
  deposit: 2,
  withdraw: 3,
  transfer: 4,
  'reserve-credit': 5,
  'commit-credit': 6,
  'release-credit': 7,
  range: 8,
} as const satisfies Record<ShardOperation['kind'], number>

export interface ShardRequestBatch {
  /** OPERATION_STRIDE numbers per operation. */
  operations: Float64Array
  /** Owners of the batch's inserts, in order. */
  owners: string[]
}

export interface ShardAnswerBatch {
  /** One encoded answer per operation, in the operations' order (see encodeAnswer). */
  answers: Float64Array
}

export interface ShardWorkerData {
  shardIndex: number
  shardCount: number
}

enum AnswerTag {
  Account = 0,
  Transfer = 1,
  Range = 2,
  NotFound = 3,
  Insufficient = 4,
  LimitExceeded = 5,
}

/** Appends one answer: a tag, then its numbers. */
export function encodeAnswer(answer: ShardAnswer, out: number[]): void {
  if (!answer.ok) {
    encodeFailure(answer.failure, out)
    return
  }
  const value = answer.value
  if (Array.isArray(value)) {
    out.push(AnswerTag.Range, value.length)
    for (const account of value) out.push(account.id, account.balanceCents)
  } else if ('from' in value) {
    out.push(AnswerTag.Transfer, value.from.id, value.from.balanceCents, value.to.id, value.to.balanceCents, value.amountCents)
  } else {
    out.push(AnswerTag.Account, value.id, value.balanceCents)
  }
}

function encodeFailure(failure: StoreFailure, out: number[]): void {
  switch (failure.code) {
    case 'account_not_found':
      out.push(AnswerTag.NotFound, failure.accountId)
      return
    case 'insufficient_funds':
      out.push(AnswerTag.Insufficient, failure.accountId, failure.balanceCents, failure.requestedCents)
      return
    case 'balance_limit_exceeded':
      out.push(AnswerTag.LimitExceeded, failure.accountId, failure.limitCents)
      return
    case 'storage_busy':
      throw new Error('an in-memory shard cannot be busy')
  }
}

/**
 * Reads the answer starting at `at`; returns it and where the next one starts. `ownerOf`
 * supplies the names the answers leave out.
 */
export function decodeAnswer(data: Float64Array, at: number, ownerOf: (id: number) => string): [ShardAnswer, number] {
  const account = (offset: number): Account => {
    const id = data[offset] as number
    return { id, owner: ownerOf(id), balanceCents: data[offset + 1] as number }
  }
  switch (data[at] as AnswerTag) {
    case AnswerTag.Account:
      return [succeeded(account(at + 1)), at + 3]
    case AnswerTag.Transfer:
      return [succeeded({ from: account(at + 1), to: account(at + 3), amountCents: data[at + 5] as number }), at + 6]
    case AnswerTag.Range: {
      const count = data[at + 1] as number
      const accounts: Account[] = []
      for (let i = 0; i < count; i++) accounts.push(account(at + 2 + 2 * i))
      return [succeeded(accounts), at + 2 + 2 * count]
    }
    case AnswerTag.NotFound:
      return [failed<Account>({ code: 'account_not_found', accountId: data[at + 1] as number }), at + 2]
    case AnswerTag.Insufficient:
      return [
        failed<Account>({
          code: 'insufficient_funds',
          accountId: data[at + 1] as number,
          balanceCents: data[at + 2] as number,
          requestedCents: data[at + 3] as number,
        }),
        at + 4,
      ]
    case AnswerTag.LimitExceeded:
      return [
        failed<Account>({ code: 'balance_limit_exceeded', accountId: data[at + 1] as number, limitCents: data[at + 2] as number }),
        at + 3,
      ]
    default:
      throw new Error(`unknown shard answer tag ${data[at]} at ${at}`)
  }
}
