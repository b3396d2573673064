import type { TableMapping } from '@sut/sync-engine'

/**
 * The mapping of @dyno/db's ITEMS dataset (the notes' test table): BIGINT keys beyond 2^53,
 * DECIMAL(12,2) and INTEGER-backed DECIMAL(5,4), nullable columns, non-ASCII text and
 * millisecond timestamps. `updated_at` is the watermark of incremental syncs.
 */
export function itemsMapping(name = 'items', table = 'items'): TableMapping {
  return {
    name,
    sourceTable: table,
    targetTable: table,
    key: ['id'],
    columns: [
      { name: 'id', type: { kind: 'bigint' }, nullable: false },
      { name: 'customer_id', type: { kind: 'integer' }, nullable: false },
      { name: 'qty', type: { kind: 'integer' }, nullable: true },
      { name: 'price', type: { kind: 'decimal', precision: 12, scale: 2 }, nullable: false },
      { name: 'discount', type: { kind: 'decimal', precision: 5, scale: 4 }, nullable: true },
      { name: 'name', type: { kind: 'varchar', length: 64 }, nullable: false },
      { name: 'note', type: { kind: 'varchar', length: 64 }, nullable: true },
      { name: 'status', type: { kind: 'smallint' }, nullable: false },
      { name: 'created_at', type: { kind: 'timestamp' }, nullable: false },
      { name: 'updated_at', type: { kind: 'timestamp' }, nullable: true },
    ],
    watermarkColumn: 'updated_at',
  }
}
