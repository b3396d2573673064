import { createHash } from 'node:crypto'
import type { SyncRow } from '../values/sync-value.js'

const MASK = (1n << 64n) - 1n

/** One row's contribution: the first 64 bits of SHA-256 over its canonical JSON. */
export function rowHash(row: SyncRow): bigint {
  return createHash('sha256').update(JSON.stringify(row)).digest().readBigUInt64BE(0)
}

/**
 * An order-independent checksum: row hashes added modulo 2^64, so any reading order gives the
 * same digest while a missing, extra or changed row changes it (with probability 1 − 2^-64).
 */
export class RowChecksum {
  private sum = 0n
  private count = 0

  add(row: SyncRow): void {
    this.sum = (this.sum + rowHash(row)) & MASK
    this.count++
  }

  get rows(): number {
    return this.count
  }

  get digest(): string {
    return this.sum.toString(16).padStart(16, '0')
  }
}
