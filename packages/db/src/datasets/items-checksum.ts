import { createHash } from 'node:crypto'
import type { ItemRow } from './items-dataset.js'

/**
 * An order-independent checksum of ITEMS rows, for verifying that a copy holds exactly the
 * generated rows. Each row is reduced to a canonical text (every value as its exact text, or
 * null), hashed, and the hashes are added modulo 2^64: any order of reading gives the same
 * digest, and a missing, extra or changed row changes it. The row count travels with it so
 * a mismatch can say which kind of difference it is.
 */
export interface ItemsChecksum {
  rows: number
  digest: string
}

/** One row as read back from any engine: exact texts (or numbers for the integer columns). */
export type CanonicalItem = readonly [
  id: string,
  customerId: string,
  qty: string | null,
  price: string,
  discount: string | null,
  name: string,
  note: string | null,
  status: string,
  createdAt: string,
  updatedAt: string | null,
]

export function canonicalItem(row: ItemRow): CanonicalItem {
  return [
    row.id.toString(),
    String(row.customerId),
    row.qty === null ? null : String(row.qty),
    row.price,
    row.discount,
    row.name,
    row.note,
    String(row.status),
    row.createdAt,
    row.updatedAt,
  ]
}

const MASK = (1n << 64n) - 1n

export class ItemsChecksumBuilder {
  private sum = 0n
  private count = 0

  add(item: CanonicalItem): void {
    const digest = createHash('sha256').update(JSON.stringify(item)).digest()
    this.sum = (this.sum + digest.readBigUInt64BE(0)) & MASK
    this.count++
  }

  result(): ItemsChecksum {
    return { rows: this.count, digest: this.sum.toString(16).padStart(16, '0') }
  }
}

/** Text of a value read back from a driver, normalised to the generator's canonical form. */
export function canonicalText(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (Buffer.isBuffer(value)) return value.toString('utf8')
  return String(value)
}

/**
 * Timestamps come back as 'YYYY-MM-DD HH:MM:SS.mmm' (MySQL DATETIME(3), SQLite) or with four
 * fractional digits (a Firebird TIMESTAMP cast to text); the generator only uses milliseconds.
 */
export function canonicalTimestamp(value: unknown): string | null {
  const text = canonicalText(value)
  if (text === null) return null
  const match = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.(\d{1,4}))?$/.exec(text)
  if (match === null) return text
  return `${match[1]}.${(match[2] ?? '').padEnd(4, '0').slice(0, 3)}`
}

/**
 * An ITEMS row as a driver returns it (lower-case column names; ids and decimals as text or
 * numbers, timestamps as text) in the canonical form the checksum hashes: what every engine's
 * read-back shares, so the engines differ only in how they fetch the rows.
 */
export function canonicalItemFromRow(row: Record<string, unknown>): CanonicalItem {
  return [
    canonicalText(row.id) as string,
    canonicalText(row.customer_id) as string,
    canonicalText(row.qty),
    canonicalText(row.price) as string,
    canonicalText(row.discount),
    canonicalText(row.name) as string,
    canonicalText(row.note),
    canonicalText(row.status) as string,
    canonicalTimestamp(row.created_at) as string,
    canonicalTimestamp(row.updated_at),
  ]
}
