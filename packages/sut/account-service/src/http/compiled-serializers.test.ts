import { describe, expect, it } from 'vitest'
import type { Account } from '../domain/account.js'
import { serializeAccount, serializeError, serializePage, serializeTransfer } from './compiled-serializers.js'

const awkward: Account = { id: 9_007_199_254_740_991, owner: 'Zoë "quoted" \\ back\nslash \u2028 ☃', balanceCents: 0 }

describe('compiled serialisers', () => {
  it('produce exactly what JSON.stringify produces, escapes included', () => {
    const plain: Account = { id: 1, owner: 'Ada', balanceCents: 1050 }
    expect(serializeAccount(awkward)).toBe(JSON.stringify(awkward))
    expect(serializeTransfer({ from: plain, to: awkward, amountCents: 7 })).toBe(
      JSON.stringify({ from: plain, to: awkward, amountCents: 7 }),
    )
    expect(serializePage({ accounts: [plain, awkward], nextAfterId: 2 })).toBe(
      JSON.stringify({ accounts: [plain, awkward], nextAfterId: 2 }),
    )
    expect(serializePage({ accounts: [], nextAfterId: null })).toBe(JSON.stringify({ accounts: [], nextAfterId: null }))
    expect(serializeError('x"y', 'line\nbreak')).toBe(JSON.stringify({ error: { code: 'x"y', message: 'line\nbreak' } }))
  })
})
