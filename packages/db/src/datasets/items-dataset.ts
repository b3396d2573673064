import { DatabaseError } from '../errors/database-error.js'

/**
 * The sync table of the case studies (seeds 000/003): one row per item, with the column types
 * that trip up a Firebird → MySQL copy. A BIGINT key, every hundredth one beyond 2^53 (a
 * driver that decodes BIGINT through a JS number silently changes it); DECIMAL(12,2) with
 * negative amounts and DECIMAL(5,4) (INT64- and INTEGER-backed in Firebird, so node-firebird
 * returns one as a string and the other as a number); VARCHAR with non-ASCII and 4-byte
 * UTF-8 text, quotes, backslashes, tabs, newlines, the empty string and the text 'NULL';
 * nullable columns; timestamps with milliseconds.
 *
 * Rows are a pure function of (seed, row number), so every machine and every engine gets the
 * same rows, and a copy can be verified by checksum. The generator is written twice: here in
 * TypeScript (for MySQL and SQLite, sent by the client) and in Firebird PSQL (generated on
 * the server, see items-firebird-block.ts, because sending a million rows over the
 * node-firebird wire is 10× slower). Both use only integer arithmetic whose intermediate
 * values stay below 2^52, so JavaScript numbers and Firebird BIGINTs compute the same
 * values; the integration tests compare the two by checksum.
 */
export interface ItemsDataset {
  name: 'items'
  /** Any unsigned 32-bit integer; the same seed gives the same rows everywhere. */
  seed: number
  rows: number
}

export interface ItemRow {
  id: bigint
  customerId: number
  qty: number | null
  /** DECIMAL(12,2) as its exact text, e.g. '-12.50'. */
  price: string
  /** DECIMAL(5,4) as its exact text, e.g. '0.0750'. */
  discount: string | null
  name: string
  note: string | null
  status: number
  /** TIMESTAMP without time zone, 'YYYY-MM-DD HH:MM:SS.mmm'. */
  createdAt: string
  updatedAt: string | null
}

/** Bumped whenever the generator changes what it produces: the dataset id then changes too. */
export const ITEMS_GENERATOR_VERSION = 1
export const MAX_DATASET_ROWS = 10_000_000

/** A prime just below 2^26: every hash is below it, so a hash squared stays below 2^52. */
export const HASH_MODULUS = 67_108_859
/** Per-hash multipliers of the row number, seed multipliers and offsets (arbitrary primes). */
export const HASH_CONSTANTS: readonly { a: number; b: number; c: number }[] = [
  { a: 48_271, b: 69_621, c: 1_000_003 },
  { a: 16_807, b: 40_692, c: 2_000_029 },
  { a: 40_014, b: 40_692, c: 3_000_017 },
  { a: 39_373, b: 50_741, c: 4_000_037 },
  { a: 31_337, b: 65_537, c: 5_000_011 },
  { a: 62_089, b: 17_971, c: 6_000_047 },
  { a: 27_361, b: 86_969, c: 7_000_003 },
  { a: 75_731, b: 33_347, c: 8_000_009 },
  { a: 92_821, b: 12_289, c: 9_000_011 },
  { a: 57_829, b: 24_593, c: 10_000_019 },
  { a: 83_443, b: 49_157, c: 11_000_027 },
  { a: 11_119, b: 98_317, c: 12_000_017 },
]
/**
 * Big keys are BIG_KEY_BASE + i for every hundredth row i: 2^53 + 1 plus a multiple of 100,
 * so they are odd and above 2^53, where a double holds only even integers. A driver that
 * decodes BIGINT through a JS number changes every one of them (9007199254741093 comes back
 * as …092), which is the notes' N2 pitfall made visible in a checksum.
 */
export const BIG_KEY_BASE = 9_007_199_254_740_993n
export const EPOCH_MS = Date.UTC(2020, 0, 1)

export const FIRST_WORDS: readonly string[] = [
  'Zoë',
  'Ærøskøbing',
  'Łódź',
  'Straße',
  'naïve',
  'Crème',
  'Smörgås',
  'Ñandú',
  'Þórr',
  'Ελλάδα',
  'Москва',
  '日本語',
  '한국어',
  'Café',
  'Plain',
  'Über',
]
export const SECOND_WORDS: readonly string[] = [
  'brûlée',
  'façade',
  'jalapeño',
  'Größe',
  'señor',
  'Øresund',
  'İstanbul',
  'Čeština',
  'مرحبا',
  'שלום',
  'हिन्दी',
  '中文',
  '🚀 rocket',
  '😀',
  'widget',
  'gadget',
]
/** Notes that break naive escaping: quotes, backslash-N, control characters, '' and 'NULL'. */
export const NOTES: readonly string[] = [
  'note äöü €',
  "O'Brien's",
  'back\\slash \\N',
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'quote "double"',
  '100% pure; semi;colon, comma',
  'emoji 🎉🎈',
  '  leading spaces',
  'trailing spaces  ',
  '',
  'NULL',
  '-- not a comment',
]
/** hash % NOTE_BUCKETS below NOTES.length picks a note; the rest (30%) are NULL. */
export const NOTE_BUCKETS = 20

export function validateItemsDataset(dataset: ItemsDataset): void {
  if (!Number.isInteger(dataset.seed) || dataset.seed < 0 || dataset.seed > 0xffffffff) {
    throw new DatabaseError('bad-dataset', `dataset seed ${dataset.seed} is not an unsigned 32-bit integer`, {
      hint: 'use a whole number from 0 to 4294967295',
    })
  }
  if (!Number.isInteger(dataset.rows) || dataset.rows < 0 || dataset.rows > MAX_DATASET_ROWS) {
    throw new DatabaseError('bad-dataset', `dataset size ${dataset.rows} is not a row count from 0 to ${MAX_DATASET_ROWS}`, {
      hint: 'ask for between 1,000 and 1,000,000 rows (0 creates the empty table)',
    })
  }
}

/** E.g. `items-v1-s42-n100000`; goes into the result's environment fingerprint. */
export function itemsDatasetId(dataset: ItemsDataset): string {
  return `items-v${ITEMS_GENERATOR_VERSION}-s${dataset.seed}-n${dataset.rows}`
}

/** Per-hash offsets derived from the seed; computed once per dataset. */
export function seedOffsets(seed: number): number[] {
  return HASH_CONSTANTS.map(({ b, c }) => ((seed % HASH_MODULUS) * b + c) % HASH_MODULUS)
}

const pad = (value: number, width: number) => String(value).padStart(width, '0')

/** Milliseconds since 1970 as 'YYYY-MM-DD HH:MM:SS.mmm' in UTC (the column has no zone). */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms)
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`
  )
}

/** Generates rows of one dataset; `row(i)` is row number i, counted from 1. */
export class ItemsGenerator {
  private readonly offsets: number[]

  constructor(readonly dataset: ItemsDataset) {
    validateItemsDataset(dataset)
    this.offsets = seedOffsets(dataset.seed)
  }

  /** h_k(i) = u² mod P with u = (i·a_k + s_k) mod P: cheap, and identical in PSQL. */
  private hash(k: number, i: number): number {
    const u = (i * (HASH_CONSTANTS[k] as { a: number }).a + (this.offsets[k] as number)) % HASH_MODULUS
    return (u * u + k) % HASH_MODULUS
  }

  row(i: number): ItemRow {
    const h = (k: number) => this.hash(k, i)
    const qtyHash = h(1)
    const flags = h(3)
    const cents = flags % 37 === 0 ? -h(2) : h(2)
    const absCents = Math.abs(cents)
    const discountHash = h(4)
    const noteBucket = h(7) % NOTE_BUCKETS
    const createdMs = EPOCH_MS + h(8) * 1000 + (h(9) % 1000)
    const updated = h(10)
    return {
      id: i % 100 === 0 ? BIG_KEY_BASE + BigInt(i) : BigInt(i),
      customerId: (h(0) % 50_000) + 1,
      qty: qtyHash % 10 === 0 ? null : (qtyHash % 2001) - 1000,
      price: `${cents < 0 ? '-' : ''}${Math.floor(absCents / 100)}.${pad(absCents % 100, 2)}`,
      discount: flags % 3 === 0 ? null : `0.${pad(discountHash % 10_000, 4)}`,
      name: `${FIRST_WORDS[h(5) % FIRST_WORDS.length]} ${SECOND_WORDS[h(6) % SECOND_WORDS.length]} #${i}`,
      note: noteBucket < NOTES.length ? (NOTES[noteBucket] as string) : null,
      status: h(11) % 5,
      createdAt: formatTimestamp(createdMs),
      updatedAt: updated % 4 === 0 ? null : formatTimestamp(createdMs + updated),
    }
  }

  /** Rows first..last (inclusive), in key-generation order. */
  *rows(first = 1, last = this.dataset.rows): Generator<ItemRow> {
    for (let i = first; i <= last; i++) yield this.row(i)
  }
}
