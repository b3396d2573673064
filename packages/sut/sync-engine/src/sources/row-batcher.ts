import type { SyncRow, SyncValue, ValueDecoder } from '../values/sync-value.js'

/**
 * Decodes a source's raw rows (one array of driver values per row) into batches of
 * `batchRows` rows, which every streaming source yields. A plain class rather than an async
 * generator over the driver's rows: the SQLite cursor is synchronous, and `for await` over it
 * would cost a microtask per row.
 */
export class RowBatcher {
  private readonly width: number
  private batch: SyncRow[]
  private filled = 0

  constructor(
    private readonly decoders: readonly ValueDecoder[],
    private readonly batchRows: number,
  ) {
    this.width = decoders.length
    this.batch = new Array(batchRows)
  }

  /** Adds one raw row; returns the batch it completed, or null while the batch is filling. */
  add(raw: readonly unknown[]): SyncRow[] | null {
    const row: SyncValue[] = new Array(this.width)
    for (let i = 0; i < this.width; i++) row[i] = (this.decoders[i] as ValueDecoder)(raw[i])
    this.batch[this.filled++] = row
    if (this.filled < this.batchRows) return null
    const full = this.batch
    this.batch = new Array(this.batchRows)
    this.filled = 0
    return full
  }

  /** The last, partly filled batch once the rows have run out, or null when there is none. */
  rest(): SyncRow[] | null {
    if (this.filled === 0) return null
    const rest = this.batch
    rest.length = this.filled
    this.batch = new Array(this.batchRows)
    this.filled = 0
    return rest
  }
}
