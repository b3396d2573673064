import { describe, expect, it } from 'vitest'
import { failed, succeeded } from '../domain/store-outcome.js'
import { decodeAnswer, encodeAnswer, type ShardAnswer } from './shard-protocol.js'

describe('the shard answer encoding', () => {
  it('round-trips every kind of answer in sequence, with owners filled in by the caller', () => {
    const owners = ['', 'one', 'two', 'three']
    const answers: ShardAnswer[] = [
      succeeded({ id: 1, owner: 'one', balanceCents: 1_000_000_000_000_000 }),
      succeeded({ from: { id: 2, owner: 'two', balanceCents: 5 }, to: { id: 3, owner: 'three', balanceCents: 7 }, amountCents: 2 }),
      succeeded([
        { id: 1, owner: 'one', balanceCents: 0 },
        { id: 3, owner: 'three', balanceCents: 9 },
      ]),
      succeeded([]),
      failed({ code: 'account_not_found', accountId: 42 }),
      failed({ code: 'insufficient_funds', accountId: 2, balanceCents: 5, requestedCents: 6 }),
      failed({ code: 'balance_limit_exceeded', accountId: 3, limitCents: 1_000_000_000_000_000 }),
    ]
    const out: number[] = []
    for (const answer of answers) encodeAnswer(answer, out)
    const data = Float64Array.from(out)
    const decoded: ShardAnswer[] = []
    for (let at = 0; at < data.length; ) {
      const [answer, next] = decodeAnswer(data, at, (id) => owners[id] ?? '?')
      decoded.push(answer)
      at = next
    }
    expect(decoded).toEqual(answers)
  })
})
