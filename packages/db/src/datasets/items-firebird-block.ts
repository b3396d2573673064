import {
  BIG_KEY_BASE,
  FIRST_WORDS,
  HASH_CONSTANTS,
  HASH_MODULUS,
  type ItemsDataset,
  NOTE_BUCKETS,
  NOTES,
  SECOND_WORDS,
  seedOffsets,
} from './items-dataset.js'
import { checkTableName } from './items-table.js'

/**
 * The ITEMS generator of items-dataset.ts, as a Firebird EXECUTE BLOCK that inserts rows
 * first..last on the server. Every expression mirrors ItemsGenerator.row(); keep the two in
 * step (the integration tests compare their checksums). Only BIGINT arithmetic below 2^52,
 * MOD, IIF, DECODE and DATEADD are used, so the values are exact and the same as in
 * JavaScript.
 */

/** A Firebird string literal; control characters become ASCII_CHAR() so the SQL text stays plain. */
export function firebirdLiteral(text: string): string {
  if (text === '') return "''"
  const parts: string[] = []
  let current = ''
  for (const char of text) {
    const code = char.codePointAt(0) as number
    if (code < 32) {
      if (current !== '') parts.push(`'${current.replace(/'/g, "''")}'`)
      current = ''
      parts.push(`ASCII_CHAR(${code})`)
    } else {
      current += char
    }
  }
  if (current !== '') parts.push(`'${current.replace(/'/g, "''")}'`)
  return parts.join(' || ')
}

function decode(selector: string, values: readonly string[]): string {
  return `DECODE(${selector}, ${values.map((v, i) => `${i}, ${firebirdLiteral(v)}`).join(', ')})`
}

export function itemsFirebirdBlock(dataset: ItemsDataset, table: string, first: number, last: number): string {
  const offsets = seedOffsets(dataset.seed)
  const P = HASH_MODULUS
  const hashes = HASH_CONSTANTS.map(({ a }, k) => `    U = MOD(I * ${a} + ${offsets[k]}, ${P}); H${k} = MOD(U * U + ${k}, ${P});`).join(
    '\n',
  )
  const declarations = HASH_CONSTANTS.map((_, k) => `  DECLARE H${k} BIGINT;`).join('\n')
  return `EXECUTE BLOCK AS
  DECLARE I BIGINT = ${first};
  DECLARE U BIGINT;
  DECLARE CREATED TIMESTAMP;
${declarations}
BEGIN
  WHILE (I <= ${last}) DO BEGIN
${hashes}
    CREATED = DATEADD(MILLISECOND, MOD(H9, 1000), DATEADD(SECOND, H8, TIMESTAMP '2020-01-01 00:00:00'));
    INSERT INTO ${checkTableName(table).toUpperCase()} (ID, CUSTOMER_ID, QTY, PRICE, DISCOUNT, NAME, NOTE, STATUS, CREATED_AT, UPDATED_AT)
    VALUES (
      IIF(MOD(:I, 100) = 0, ${BIG_KEY_BASE} + :I, :I),
      MOD(:H0, 50000) + 1,
      IIF(MOD(:H1, 10) = 0, NULL, MOD(:H1, 2001) - 1000),
      IIF(MOD(:H3, 37) = 0, -:H2, :H2) * 0.01,
      IIF(MOD(:H3, 3) = 0, NULL, MOD(:H4, 10000) * 0.0001),
      ${decode(`MOD(:H5, ${FIRST_WORDS.length})`, FIRST_WORDS)} || ' ' || ${decode(`MOD(:H6, ${SECOND_WORDS.length})`, SECOND_WORDS)} || ' #' || :I,
      ${decode(`MOD(:H7, ${NOTE_BUCKETS})`, NOTES)},
      MOD(:H11, 5),
      :CREATED,
      IIF(MOD(:H10, 4) = 0, NULL, DATEADD(MILLISECOND, :H10, :CREATED))
    );
    I = I + 1;
  END
END`
}
