import { describe, expect, it } from 'vitest'
import { canonicalItem, canonicalTimestamp, ItemsChecksumBuilder } from './items-checksum.js'
import { BIG_KEY_BASE, type ItemRow, ItemsGenerator, itemsDatasetId } from './items-dataset.js'
import { firebirdLiteral, itemsFirebirdBlock } from './items-firebird-block.js'

const rows = (seed: number, count: number): ItemRow[] => [...new ItemsGenerator({ name: 'items', seed, rows: count }).rows()]
const checksum = (items: readonly ItemRow[]) => {
  const builder = new ItemsChecksumBuilder()
  for (const row of items) builder.add(canonicalItem(row))
  return builder.result()
}

describe('the ITEMS generator', () => {
  it('gives the same rows for the same seed and different rows for another seed', () => {
    expect(rows(42, 500)).toEqual(rows(42, 500))
    expect(checksum(rows(42, 500))).not.toEqual(checksum(rows(43, 500)))
    // Row i does not depend on how many rows are generated.
    expect(rows(42, 10)).toEqual(rows(42, 500).slice(0, 10))
  })

  it('pins the rows of seed 1, so a change to the generator cannot go unnoticed', () => {
    // If this fails on purpose, bump ITEMS_GENERATOR_VERSION: the dataset id must change too.
    expect(checksum(rows(1, 10_000))).toEqual({ rows: 10_000, digest: '86103500a56ed66c' })
    expect(rows(1, 1)[0]).toEqual({
      id: 1n,
      customerId: 17587,
      qty: 149,
      price: '509275.15',
      discount: '0.0034',
      name: 'Über İstanbul #1',
      note: null,
      status: 4,
      createdAt: '2020-12-25 01:39:23.316',
      updatedAt: null,
    })
  })

  it('puts every hundredth key beyond 2^53, where a JS number would change it', () => {
    const items = rows(7, 1000)
    const big = items.filter((r) => r.id > BIG_KEY_BASE)
    expect(big).toHaveLength(10)
    expect(big[0]?.id).toBe(9_007_199_254_741_093n)
    expect(Number(big[0]?.id).toString()).not.toBe(big[0]?.id.toString())
    expect(new Set(items.map((r) => r.id)).size).toBe(1000)
  })

  it('covers the values that break naive copies: NULLs, empty and NULL-looking strings, non-ASCII and 4-byte text, negative decimals', () => {
    const items = rows(11, 5000)
    const some = (predicate: (r: ItemRow) => boolean) => items.some(predicate)
    expect(
      some((r) => r.qty === null) && some((r) => r.discount === null) && some((r) => r.note === null) && some((r) => r.updatedAt === null),
    ).toBe(true)
    expect(some((r) => r.note === '') && some((r) => r.note === 'NULL') && some((r) => r.note?.includes('\t') === true)).toBe(true)
    expect(
      some((r) => [...r.name].some((c) => (c.codePointAt(0) ?? 0) > 0x7f)) &&
        some((r) => [...r.name].some((c) => (c.codePointAt(0) ?? 0) > 0xffff)),
    ).toBe(true)
    expect(some((r) => r.price.startsWith('-'))).toBe(true)
    for (const r of items) {
      expect([...r.name].length).toBeLessThanOrEqual(64)
      expect(r.price).toMatch(/^-?\d{1,10}\.\d\d$/)
      if (r.discount !== null) expect(r.discount).toMatch(/^0\.\d{4}$/)
      expect(r.createdAt).toMatch(/^20(20|21|22)-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
      if (r.updatedAt !== null) expect(r.updatedAt > r.createdAt).toBe(true)
    }
  })

  it('names a dataset by generator version, seed and size', () => {
    expect(itemsDatasetId({ name: 'items', seed: 42, rows: 100_000 })).toBe('items-v1-s42-n100000')
  })

  it('rejects a seed or size it cannot honour, saying what is allowed', () => {
    expect(() => new ItemsGenerator({ name: 'items', seed: -1, rows: 10 })).toThrow(/unsigned 32-bit/)
    expect(() => new ItemsGenerator({ name: 'items', seed: 1, rows: 2.5 })).toThrow(/row count from 0 to 10000000/)
  })
})

describe('the Firebird version of the generator', () => {
  it('writes control characters and quotes as plain SQL', () => {
    expect(firebirdLiteral("O'Brien")).toBe("'O''Brien'")
    expect(firebirdLiteral('tab\there')).toBe("'tab' || ASCII_CHAR(9) || 'here'")
    expect(firebirdLiteral('')).toBe("''")
  })

  it('inserts exactly the requested range with the seed-derived constants', () => {
    const block = itemsFirebirdBlock({ name: 'items', seed: 5, rows: 300 }, 'items', 101, 200)
    expect(block).toMatch(/DECLARE I BIGINT = 101;/)
    expect(block).toMatch(/WHILE \(I <= 200\)/)
    expect(block).toMatch(/INSERT INTO ITEMS/)
    expect(block).not.toMatch(/\t|\n.*\r/)
  })
})

describe('the checksum', () => {
  it('does not depend on row order but sees a changed, missing or extra row', () => {
    const items = rows(3, 200)
    const reference = checksum(items)
    expect(checksum([...items].reverse())).toEqual(reference)
    expect(checksum(items.slice(1))).not.toEqual(reference)
    expect(checksum([...items, items[0] as ItemRow]).digest).not.toBe(reference.digest)
    const changed = items.map((r, i) => (i === 50 ? { ...r, note: r.note === null ? '' : null } : r))
    expect(checksum(changed)).not.toEqual(reference)
  })

  it('reads Firebird timestamps (four fractional digits) and MySQL ones (three) as the same value', () => {
    expect(canonicalTimestamp('2022-02-16 17:20:57.9990')).toBe('2022-02-16 17:20:57.999')
    expect(canonicalTimestamp('2022-02-16 17:20:57.999')).toBe('2022-02-16 17:20:57.999')
    expect(canonicalTimestamp('2022-02-16 17:20:57')).toBe('2022-02-16 17:20:57.000')
    expect(canonicalTimestamp(null)).toBeNull()
  })
})
