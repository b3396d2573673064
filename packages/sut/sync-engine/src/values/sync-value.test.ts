import { describe, expect, it } from 'vitest'
import {
  bigintText,
  compareKeys,
  decimalText,
  decoderFor,
  timestampText,
  UnrepresentableValueError,
  wallClockDate,
  wallClockText,
} from './sync-value.js'

describe('exact value forms', () => {
  it('keeps every digit of a BIGINT beyond 2^53 and refuses one that already lost digits', () => {
    expect(bigintText('9007199254740993')).toBe('9007199254740993')
    expect(bigintText(9007199254740993n)).toBe('9007199254740993')
    expect(bigintText('-0042')).toBe('-42')
    expect(() => bigintText(9007199254740992)).toThrow(UnrepresentableValueError)
  })

  it('writes decimals with exactly the column scale and rejects digits the scale would cut', () => {
    expect(decimalText('12.5', 2)).toBe('12.50')
    expect(decimalText('0.0001', 4)).toBe('0.0001')
    expect(decimalText(0.0001, 4)).toBe('0.0001')
    expect(decimalText('-0.50', 2)).toBe('-0.50')
    expect(decimalText('-0.00', 2)).toBe('0.00')
    expect(decimalText('007', 0)).toBe('7')
    expect(decimalText('1.230', 2)).toBe('1.23')
    expect(() => decimalText('1.234', 2)).toThrow(/more than 2 fractional digits/)
    expect(() => decimalText('abc', 2)).toThrow(UnrepresentableValueError)
  })

  it('cuts timestamps to milliseconds without rounding and reads Dates by their wall clock', () => {
    expect(timestampText('2026-01-01 12:00:00.1239')).toBe('2026-01-01 12:00:00.123')
    expect(timestampText('2026-01-01T12:00:00')).toBe('2026-01-01 12:00:00.000')
    expect(timestampText(new Date(2026, 2, 29, 1, 30, 0, 7))).toBe('2026-03-29 01:30:00.007')
    expect(wallClockText(new Date(999, 0, 1))).toBe('0999-01-01 00:00:00.000')
    expect(() => timestampText('yesterday')).toThrow(/not a timestamp/)
  })

  it('builds a Date with the same wall clock back from a timestamp, years before 100 included', () => {
    for (const text of ['2026-01-01 12:00:01.250', '0050-06-30 23:59:59.999', '9999-12-31 23:59:59.999'])
      expect(wallClockText(wallClockDate(text))).toBe(text)
    expect(() => wallClockDate('2026-01-01')).toThrow(/not a timestamp/)
  })

  it('passes NULL through every decoder and decodes integers from bigints', () => {
    for (const kind of ['smallint', 'integer', 'bigint', 'varchar', 'timestamp'] as const) {
      const type = kind === 'varchar' ? { kind, length: 5 } : { kind }
      expect(decoderFor(type)(null)).toBeNull()
    }
    expect(decoderFor({ kind: 'integer' })(5n)).toBe(5)
    expect(decoderFor({ kind: 'varchar', length: 9 })(Buffer.from('äö'))).toBe('äö')
  })

  it('orders keys as the databases do: numbers by value, even as text beyond 2^53', () => {
    expect(compareKeys(['9007199254740993'], ['9007199254740992'])).toBe(1)
    expect(compareKeys(['-5'], ['3'])).toBe(-1)
    expect(compareKeys([2, 'b'], [2, 'a'])).toBe(1)
    expect(compareKeys([null], [1])).toBe(-1)
    expect(compareKeys(['10'], ['10'])).toBe(0)
  })
})
