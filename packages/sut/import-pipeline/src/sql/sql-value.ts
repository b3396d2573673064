/**
 * One value of a dumped row, as the importer hands it to a sink.
 *
 * The representation is chosen so that no digit of the dump is lost on the way to the
 * database:
 * - a quoted string becomes a `string` (all MySQL escapes resolved);
 * - `NULL` becomes `null`;
 * - an integer literal becomes a `number` when it is a safe integer (|n| ≤ 2^53 − 1), and a
 *   `bigint` beyond that, so BIGINT UNSIGNED values such as 18446744073709551615 survive;
 * - every other numeric literal (a decimal point or an exponent: DECIMAL, FLOAT, DOUBLE
 *   columns) stays a `string` holding the literal exactly as written, e.g. `'-1234.5000'`.
 *   Converting it to a JavaScript number would round DECIMAL(30,10) digits; the database
 *   converts the text into the column's own type instead.
 */
export type SqlValue = string | number | bigint | null

const INTEGER_LITERAL = /^[-+]?\d+$/

/**
 * The value of a numeric literal's text, by the rules above. Shared by both dump parsers so
 * they agree on every value.
 */
export function numericLiteralValue(text: string): SqlValue {
  if (!INTEGER_LITERAL.test(text)) return text
  const asNumber = Number(text)
  // -0 is not an integer MySQL knows; and `Object.is` would tell 0 and -0 apart downstream.
  if (Number.isSafeInteger(asNumber)) return asNumber === 0 ? 0 : asNumber
  return BigInt(text)
}
