import { keyIndexes, type TableMapping, validateMapping } from '../schema/table-mapping.js'
import type { RowReader } from '../sources/sync-source.js'
import { compareKeys, type SyncRow, type SyncValue } from '../values/sync-value.js'
import { RowChecksum, rowHash } from './row-checksum.js'

export interface SyncDifference {
  key: SyncValue[]
  kind: 'missing-in-target' | 'extra-in-target' | 'different-values'
}

export interface VerifyResult {
  status: 'equal' | 'different'
  sourceRows: number
  targetRows: number
  sourceDigest: string
  targetDigest: string
  /** The smallest key that differs (null when equal). */
  firstDifference: SyncDifference | null
}

const READ_BATCH_ROWS = 5000

async function checksumOf(reader: RowReader, mapping: TableMapping): Promise<RowChecksum> {
  const checksum = new RowChecksum()
  for await (const batch of reader.readBatches(mapping, { batchRows: READ_BATCH_ROWS })) for (const row of batch) checksum.add(row)
  return checksum
}

/**
 * Compares source and target by row count and an order-independent checksum of their
 * normalised values (both sides read as exact SyncValues, so a DECIMAL '12.50' and a BIGINT
 * beyond 2^53 compare by their digits). Only when they differ is a second pass made to name
 * the smallest differing key: the source's row hashes are held by key (~150 bytes a row)
 * and the target is streamed against them.
 */
export async function verifySync(source: RowReader, target: RowReader, mapping: TableMapping): Promise<VerifyResult> {
  validateMapping(mapping)
  const [fromSource, fromTarget] = [await checksumOf(source, mapping), await checksumOf(target, mapping)]
  const base = {
    sourceRows: fromSource.rows,
    targetRows: fromTarget.rows,
    sourceDigest: fromSource.digest,
    targetDigest: fromTarget.digest,
  }
  if (fromSource.rows === fromTarget.rows && fromSource.digest === fromTarget.digest)
    return { status: 'equal', ...base, firstDifference: null }
  return { status: 'different', ...base, firstDifference: await firstDifference(source, target, mapping) }
}

async function firstDifference(source: RowReader, target: RowReader, mapping: TableMapping): Promise<SyncDifference | null> {
  const keyAt = keyIndexes(mapping)
  const keyOf = (row: SyncRow) => keyAt.map((i) => row[i] ?? null)
  const expected = new Map<string, { key: SyncValue[]; hash: bigint }>()
  for await (const batch of source.readBatches(mapping, { batchRows: READ_BATCH_ROWS })) {
    for (const row of batch) {
      const key = keyOf(row)
      expected.set(JSON.stringify(key), { key, hash: rowHash(row) })
    }
  }
  let smallest: SyncDifference | null = null
  const consider = (difference: SyncDifference) => {
    if (smallest === null || compareKeys(difference.key, smallest.key) < 0) smallest = difference
  }
  for await (const batch of target.readBatches(mapping, { batchRows: READ_BATCH_ROWS })) {
    for (const row of batch) {
      const key = keyOf(row)
      const text = JSON.stringify(key)
      const wanted = expected.get(text)
      if (wanted === undefined) consider({ key, kind: 'extra-in-target' })
      else {
        if (wanted.hash !== rowHash(row)) consider({ key, kind: 'different-values' })
        expected.delete(text)
      }
    }
  }
  for (const { key } of expected.values()) consider({ key, kind: 'missing-in-target' })
  return smallest
}
