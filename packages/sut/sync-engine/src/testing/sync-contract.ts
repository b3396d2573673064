import { afterEach, describe, expect, it } from 'vitest'
import type { TableMapping } from '../schema/table-mapping.js'
import type { SyncSource } from '../sources/sync-source.js'
import type { SyncJob, TableSync } from '../sync-job.js'
import type { SyncTarget } from '../targets/sync-target.js'
import { compareKeys, type SyncRow, type SyncValue } from '../values/sync-value.js'
import { verifySync } from '../verify/verify-sync.js'

/**
 * The behavioural suite both variants must pass on every pair of engines: run here on SQLite,
 * and on real Firebird → MariaDB servers by the scenarios' integration tests.
 */
export type VariantName = 'naive' | 'optimized'

export interface ContractTables {
  source: SyncSource
  /** A target as the variant uses it (the naive one with default pool settings). */
  target: SyncTarget
  /** Inserts or replaces source rows (by key). */
  upsertSource(rows: readonly SyncRow[]): Promise<void>
  deleteSource(keys: readonly (readonly SyncValue[])[]): Promise<void>
  close(): Promise<void>
}

export interface ContractBackend {
  /**
   * A fresh source table holding `rows`, and a target where the mapping's table does not exist
   * yet, or exists with `targetCheck` (an SQL condition every row must meet) when given.
   */
  open(mapping: TableMapping, rows: readonly SyncRow[], variant: VariantName, options?: { targetCheck?: string }): Promise<ContractTables>
}

export type VariantFactory = (source: SyncSource, target: SyncTarget) => TableSync

let tableCounter = 0

/** The contract's table: every column type, a nullable column of each kind, a watermark column. */
export function contractMapping(): TableMapping {
  tableCounter++
  const suffix = `${process.pid % 10_000}_${tableCounter}`
  return {
    name: `contract_${suffix}`,
    sourceTable: `SRC_${suffix}`,
    targetTable: `dst_${suffix}`,
    key: ['id'],
    columns: [
      { name: 'id', type: { kind: 'bigint' }, nullable: false },
      { name: 'qty', type: { kind: 'integer' }, nullable: true },
      { name: 'status', type: { kind: 'smallint' }, nullable: true },
      { name: 'price', type: { kind: 'decimal', precision: 12, scale: 2 }, nullable: false },
      { name: 'ratio', type: { kind: 'decimal', precision: 5, scale: 4 }, nullable: true },
      { name: 'name', type: { kind: 'varchar', length: 64 }, nullable: false },
      { name: 'note', type: { kind: 'varchar', length: 64 }, nullable: true },
      { name: 'created_at', type: { kind: 'timestamp' }, nullable: false },
      { name: 'updated_at', type: { kind: 'timestamp' }, nullable: true },
    ],
    watermarkColumn: 'updated_at',
  }
}

function row(
  id: string,
  overrides: Partial<Record<'qty' | 'status' | 'price' | 'ratio' | 'name' | 'note' | 'created_at' | 'updated_at', SyncValue>> = {},
): SyncRow {
  const values = {
    qty: 1,
    status: 1,
    price: '1.00',
    ratio: '0.5000',
    name: `row ${id}`,
    note: null,
    created_at: '2026-01-01 12:00:00.000',
    updated_at: '2026-01-01 12:00:00.000',
    ...overrides,
  }
  return [id, values.qty, values.status, values.price, values.ratio, values.name, values.note, values.created_at, values.updated_at]
}

/** Rows that break naive copies: beyond 2^53, at the types' limits, NULL in every nullable column, 4-byte UTF-8. */
export function extremeRows(): SyncRow[] {
  return [
    row('-9223372036854775808', {
      qty: -2147483648,
      status: -32768,
      price: '-9999999999.99',
      ratio: '-0.9999',
      created_at: '1000-01-01 00:00:00.000',
    }),
    row('0', { qty: null, status: null, ratio: null, note: null, updated_at: null, name: '' }),
    row('1', { price: '0.00', ratio: '0.0001', name: 'Grüße, €, 漢字 and 👋🏽', note: 'äöü € 𝄞' }),
    row('2', { name: 'O\'Brien \\ "quoted"\ttab\nnewline', note: '%_ and ?' }),
    row('9007199254740993', { qty: 2147483647, status: 32767, price: '9999999999.99', ratio: '0.9999' }),
    row('9223372036854775807', { created_at: '9999-12-31 23:59:59.999', updated_at: '2026-03-29 02:30:00.123' }),
  ]
}

/** Distinct update times, one second apart, so only the newest row sits at the watermark. */
function secondsAfterNoon(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  return `2026-01-01 ${String(12 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.250`
}

export function numberedRows(count: number, first = 1): SyncRow[] {
  return Array.from({ length: count }, (_, i) => {
    const id = first + i
    return row(String(id), {
      qty: id % 1000,
      price: `${id}.25`,
      note: id % 2 === 0 ? null : `note ${id}`,
      updated_at: secondsAfterNoon(id),
    })
  })
}

async function targetRows(tables: ContractTables, mapping: TableMapping): Promise<SyncRow[]> {
  const rows: SyncRow[] = []
  for await (const batch of tables.target.readBatches(mapping, { batchRows: 1000 })) rows.push(...batch)
  return rows
}

function byKey(rows: readonly SyncRow[]): SyncRow[] {
  return [...rows].sort((a, b) => compareKeys([a[0] ?? null], [b[0] ?? null]))
}

export function describeSyncContract(backendName: string, backend: ContractBackend, variants: Record<VariantName, VariantFactory>): void {
  for (const variant of ['naive', 'optimized'] as const) {
    describe(`the ${variant} sync from ${backendName}`, () => {
      let open: ContractTables[] = []
      afterEach(async () => {
        for (const tables of open) await tables.close()
        open = []
      })
      const start = async (mapping: TableMapping, rows: readonly SyncRow[], options?: { targetCheck?: string }) => {
        const tables = await backend.open(mapping, rows, variant, options)
        open.push(tables)
        return { tables, sync: variants[variant](tables.source, tables.target) }
      }
      const full = (mapping: TableMapping): SyncJob => ({ mapping, mode: 'full' })

      it('copies NULLs, extreme values, unicode text and millisecond timestamps exactly', async () => {
        const mapping = contractMapping()
        const rows = extremeRows()
        const { tables, sync } = await start(mapping, rows)
        const result = await sync.run(full(mapping))
        expect(result).toMatchObject({ variant, totalRows: rows.length, processedRows: rows.length, failedRows: 0 })
        expect(await targetRows(tables, mapping)).toEqual(byKey(rows))
        expect(await verifySync(tables.source, tables.target, mapping)).toMatchObject({
          status: 'equal',
          sourceRows: rows.length,
          targetRows: rows.length,
        })
      })

      it('syncs an empty table into an empty target table', async () => {
        const mapping = contractMapping()
        const { tables, sync } = await start(mapping, [])
        expect(await sync.run(full(mapping))).toMatchObject({ totalRows: 0, processedRows: 0, failedRows: 0 })
        expect(await tables.target.countRows(mapping)).toBe(0)
        expect((await verifySync(tables.source, tables.target, mapping)).status).toBe('equal')
      })

      it('updates rows whose keys the target already holds instead of duplicating them', async () => {
        const mapping = contractMapping()
        const rows = numberedRows(30)
        const { tables, sync } = await start(mapping, rows)
        await tables.target.ensureTable(mapping)
        const stale = numberedRows(10, 11).map((r) => {
          const copy = [...r]
          copy[5] = 'stale'
          return copy
        })
        await tables.target.upsertBatch(mapping, stale, { timeoutMs: 10_000 })
        expect((await verifySync(tables.source, tables.target, mapping)).status).toBe('different')
        const result = await sync.run(full(mapping))
        expect(result.processedRows).toBe(30)
        expect(await tables.target.countRows(mapping)).toBe(30)
        expect(await targetRows(tables, mapping)).toEqual(byKey(rows))
      })

      it('copies only the rows changed since the last sync, and deletes rows gone from the source when asked', async () => {
        const mapping = contractMapping()
        const rows = numberedRows(40)
        const { tables, sync } = await start(mapping, rows)
        expect((await sync.run(full(mapping))).processedRows).toBe(40)
        const later = '2026-02-01 08:00:00.500'
        const changed = [
          row('5', { name: 'changed five', updated_at: later }),
          row('6', { qty: null, updated_at: later }),
          row('100', { updated_at: later }),
        ]
        await tables.upsertSource(changed)
        await tables.deleteSource([['7']])
        const incremental = await sync.run({ mapping, mode: 'incremental', detectDeletes: true })
        // The 3 changed rows, plus those at the old watermark itself (read with >=, idempotently): never all 40.
        expect(incremental.processedRows).toBeGreaterThanOrEqual(3)
        expect(incremental.processedRows).toBeLessThan(40)
        expect(incremental).toMatchObject({ mode: 'incremental', failedRows: 0, deletedRows: 1 })
        expect(await verifySync(tables.source, tables.target, mapping)).toMatchObject({ status: 'equal', sourceRows: 40 })
        const again = await sync.run({ mapping, mode: 'incremental' })
        expect(again.processedRows).toBe(3)
      })

      it('reports a row the target rejects, with its key, and copies every other row of its batch', async () => {
        const mapping = contractMapping()
        const rows = numberedRows(50)
        const bad = rows[23] as SyncRow
        bad[1] = 666
        const { tables, sync } = await start(mapping, rows, { targetCheck: 'qty IS NULL OR qty <> 666' })
        const result = await sync.run(full(mapping))
        expect(result).toMatchObject({ totalRows: 50, processedRows: 49, failedRows: 1 })
        expect(result.failures).toEqual([{ key: ['24'], reason: expect.any(String) }])
        expect(await tables.target.countRows(mapping)).toBe(49)
        expect(await verifySync(tables.source, tables.target, mapping)).toMatchObject({
          status: 'different',
          firstDifference: { key: ['24'], kind: 'missing-in-target' },
        })
      })
    })
  }

  describe(`verify on ${backendName}`, () => {
    it('names the smallest key whose values differ, and one missing from the target', async () => {
      const mapping = contractMapping()
      const rows = numberedRows(20)
      const tables = await backend.open(mapping, rows, 'optimized')
      try {
        await variants.optimized(tables.source, tables.target).run({ mapping, mode: 'full' })
        const changed = [...(rows[16] as SyncRow)]
        changed[3] = '17.26'
        await tables.target.upsertBatch(mapping, [changed], { timeoutMs: 10_000 })
        expect(await verifySync(tables.source, tables.target, mapping)).toMatchObject({
          status: 'different',
          sourceRows: 20,
          targetRows: 20,
          firstDifference: { key: ['17'], kind: 'different-values' },
        })
        await tables.target.deleteKeys(mapping, [['3']])
        expect(await verifySync(tables.source, tables.target, mapping)).toMatchObject({
          targetRows: 19,
          firstDifference: { key: ['3'], kind: 'missing-in-target' },
        })
      } finally {
        await tables.close()
      }
    })
  })
}
