/**
 * Seed 003's table of batch sizes by table size, bounded by memory:
 *
 *   table rows     batch rows   why
 *   < 100k         1000–2000    fast, little memory
 *   100k–1M        1000         balanced
 *   1M–10M         500–1000     keep memory down
 *   > 10M          200–500      keep each lock short
 *
 * Within a band the larger size is used unless the batches that can be alive at once (one
 * per worker, one being filled, one read ahead) would take more than a quarter of the memory
 * left below the pause threshold; then it shrinks, but never below the band's lower end
 * (the memory monitor pauses intake if that is still too much).
 */
export interface BatchSizeInputs {
  totalRows: number
  limitBytes: number
  usedBytes: number
  /** Estimated size of one row in memory, decoded. */
  rowBytes: number
  workers: number
  /** Fraction of the limit at which intake pauses (0.8). */
  threshold: number
}

export interface BatchSizeBand {
  maxRowsExclusive: number
  low: number
  high: number
}

export const BATCH_SIZE_BANDS: readonly BatchSizeBand[] = [
  { maxRowsExclusive: 100_000, low: 1000, high: 2000 },
  { maxRowsExclusive: 1_000_000, low: 1000, high: 1000 },
  { maxRowsExclusive: 10_000_000, low: 500, high: 1000 },
  { maxRowsExclusive: Number.POSITIVE_INFINITY, low: 200, high: 500 },
]

export function adaptiveBatchSize(inputs: BatchSizeInputs): number {
  const band = BATCH_SIZE_BANDS.find((b) => inputs.totalRows < b.maxRowsExclusive) as BatchSizeBand
  const headroomBytes = Math.max(0, inputs.limitBytes * inputs.threshold - inputs.usedBytes)
  const batchesAlive = inputs.workers + 2
  const fitting = Math.floor(headroomBytes / 4 / (Math.max(1, inputs.rowBytes) * batchesAlive))
  return Math.max(band.low, Math.min(band.high, fitting))
}

/** A rough in-memory size of a decoded row: V8 array plus per-value overhead and text. */
export function estimatedRowBytes(columnCount: number): number {
  return 64 + columnCount * 48
}
