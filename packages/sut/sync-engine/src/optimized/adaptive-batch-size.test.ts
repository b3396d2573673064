import { describe, expect, it } from 'vitest'
import { adaptiveBatchSize } from './adaptive-batch-size.js'

const MIB = 1024 * 1024
const ample = { limitBytes: 512 * MIB, usedBytes: 50 * MIB, rowBytes: 600, workers: 2, threshold: 0.8 }

describe('adaptive batch size', () => {
  it("follows seed 003's table when memory is ample", () => {
    expect(
      [10_000, 99_999, 100_000, 999_999, 1_000_000, 9_999_999, 10_000_000, 50_000_000].map((totalRows) =>
        adaptiveBatchSize({ ...ample, totalRows }),
      ),
    ).toEqual([2000, 2000, 1000, 1000, 1000, 1000, 500, 500])
  })

  it("shrinks within the band when memory is tight, never below the band's lower end", () => {
    const tight = { ...ample, limitBytes: 64 * MIB, usedBytes: 48 * MIB }
    // headroom 3.2 MiB, a quarter of it over 4 live batches of 600-byte rows: 349 rows
    expect(adaptiveBatchSize({ ...tight, totalRows: 5_000_000 })).toBe(500)
    expect(adaptiveBatchSize({ ...tight, totalRows: 50_000_000 })).toBe(349)
    expect(adaptiveBatchSize({ ...tight, usedBytes: 60 * MIB, totalRows: 50_000_000 })).toBe(200)
    expect(adaptiveBatchSize({ ...ample, limitBytes: 40 * MIB, usedBytes: 10 * MIB, totalRows: 50_000 })).toBe(2000)
    expect(adaptiveBatchSize({ ...ample, limitBytes: 20 * MIB, usedBytes: 10 * MIB, totalRows: 50_000 })).toBe(1000)
  })
})
