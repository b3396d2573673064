import { describe, expect, it } from 'vitest'
import { MAX_BALANCE_CENTS } from '../domain/account.js'
import { DenseAccountTable } from './dense-account-table.js'

describe('DenseAccountTable', () => {
  it('holds every N-th id of a shard densely and refuses ids owned by another shard', () => {
    const shard = new DenseAccountTable(3)
    shard.insert(2, 'two')
    shard.insert(5, 'five')
    expect(shard.get(5)).toEqual({ ok: true, value: { id: 5, owner: 'five', balanceCents: 0 } })
    // id 4 maps onto id 5's slot ((4 − 1) / 3 = 1) but belongs to another shard.
    expect(shard.get(4)).toEqual({ ok: false, failure: { code: 'account_not_found', accountId: 4 } })
    expect(shard.range(0, 10, 10).map((a) => a.id)).toEqual([2, 5])
  })

  it('counts a reserved credit against the balance limit until it is committed or released', () => {
    const table = new DenseAccountTable()
    table.insert(1, 'near the limit')
    expect(table.deposit(1, MAX_BALANCE_CENTS - 100).ok).toBe(true)
    expect(table.reserveCredit(1, 60).ok).toBe(true)
    // 60 reserved + 60 more would pass the limit, though the balance alone would not.
    expect(table.reserveCredit(1, 60)).toMatchObject({ ok: false, failure: { code: 'balance_limit_exceeded' } })
    expect(table.deposit(1, 60)).toMatchObject({ ok: false, failure: { code: 'balance_limit_exceeded' } })
    table.releaseCredit(1, 60)
    expect(table.reserveCredit(1, 60).ok).toBe(true)
    expect(table.commitCredit(1, 60)).toMatchObject({ ok: true, value: { balanceCents: MAX_BALANCE_CENTS - 40 } })
  })

  it('leaves both accounts unchanged when a transfer is refused', () => {
    const table = new DenseAccountTable()
    table.insert(1, 'from')
    table.insert(2, 'to')
    table.deposit(1, 100)
    expect(table.transfer(1, 2, 101)).toMatchObject({ ok: false, failure: { code: 'insufficient_funds', balanceCents: 100 } })
    expect(table.transfer(1, 3, 1)).toMatchObject({ ok: false, failure: { code: 'account_not_found', accountId: 3 } })
    expect([table.get(1), table.get(2)].map((o) => (o.ok ? o.value.balanceCents : null))).toEqual([100, 0])
  })
})
