import type { ColumnType } from '../schema/column-type.js'

/**
 * The form a value travels in between source and target, chosen so that nothing is lost:
 *   smallint, integer   number (exact below 2^53)
 *   bigint              decimal digits as text (BIGINT goes beyond 2^53)
 *   decimal(p,s)        text with exactly s fractional digits ('12.50'), never a double
 *   varchar             text
 *   timestamp           'YYYY-MM-DD HH:MM:SS.mmm', a wall-clock time: every side reads and
 *                       writes it as text, so no time zone conversion happens anywhere
 *   NULL                null
 */
export type SyncValue = string | number | null

/** One row, its values in the mapping's column order. */
export type SyncRow = SyncValue[]

export type ValueDecoder = (raw: unknown) => SyncValue

/** A value that cannot be carried exactly: the sync stops rather than write something else. */
export class UnrepresentableValueError extends Error {
  override readonly name = 'UnrepresentableValueError'
}

function text(raw: unknown): string {
  if (typeof raw === 'string') return raw
  if (Buffer.isBuffer(raw)) return raw.toString('utf8')
  return String(raw)
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/** A Date from a driver that builds it from wall-clock fields in the process's zone (node-firebird). */
export function wallClockText(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)} ` +
    `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.${pad(date.getMilliseconds(), 3)}`
  )
}

/** The inverse of wallClockText: a Date whose local fields are the timestamp's (for drivers that encode Dates that way). */
export function wallClockDate(text: string): Date {
  const match = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})$/.exec(text)
  if (match === null) throw new UnrepresentableValueError(`'${text}' is not a timestamp (expected YYYY-MM-DD HH:MM:SS.mmm)`)
  const [year, month, day, hours, minutes, seconds, ms] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const date = new Date(2000, month - 1, day, hours, minutes, seconds, ms)
  // setFullYear, because the constructor reads years 0–99 as 1900–1999.
  date.setFullYear(year)
  return date
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?$/

/**
 * Firebird keeps 100 µs, MySQL DATETIME(3) and the sync keep milliseconds: extra digits are
 * cut (not rounded), as node-firebird's own Date decoding does.
 */
export function timestampText(raw: unknown): string {
  if (raw instanceof Date) return wallClockText(raw)
  const value = text(raw).trim()
  const match = TIMESTAMP.exec(value)
  if (match === null) throw new UnrepresentableValueError(`'${value}' is not a timestamp (expected YYYY-MM-DD HH:MM:SS.mmm)`)
  return `${match[1]} ${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}`
}

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/

export function decimalText(raw: unknown, scale: number): string {
  let value: string
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new UnrepresentableValueError(`${raw} is not a decimal`)
    // Only INTEGER-backed decimals arrive as numbers (at most 9 digits), where toFixed is exact.
    value = raw.toFixed(scale)
  } else value = text(raw).trim()
  const match = DECIMAL.exec(value)
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) throw new UnrepresentableValueError(`'${value}' is not a decimal`)
  const fraction = match[3] ?? ''
  if (fraction.length > scale && /[^0]/.test(fraction.slice(scale)))
    throw new UnrepresentableValueError(`'${value}' has more than ${scale} fractional digits`)
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0'
  const digits = scale === 0 ? whole : `${whole}.${fraction.slice(0, scale).padEnd(scale, '0')}`
  return match[1] === '-' && /[1-9]/.test(digits) ? `-${digits}` : digits
}

export function bigintText(raw: unknown): string {
  if (typeof raw === 'bigint') return raw.toString()
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) throw new UnrepresentableValueError(`${raw} lost digits before the sync saw it (read BIGINT as text)`)
    return String(raw)
  }
  const value = text(raw).trim()
  if (!/^-?\d+$/.test(value)) throw new UnrepresentableValueError(`'${value}' is not an integer`)
  return BigInt(value).toString()
}

export function integerNumber(raw: unknown): number {
  const value = typeof raw === 'number' ? raw : Number(typeof raw === 'bigint' ? raw : text(raw))
  if (!Number.isSafeInteger(value)) throw new UnrepresentableValueError(`'${String(raw)}' is not an integer`)
  return value
}

/** The decoder that turns whatever a driver returns for this column into its SyncValue. */
export function decoderFor(type: ColumnType): ValueDecoder {
  switch (type.kind) {
    case 'smallint':
    case 'integer':
      return (raw) => (raw === null || raw === undefined ? null : integerNumber(raw))
    case 'bigint':
      return (raw) => (raw === null || raw === undefined ? null : bigintText(raw))
    case 'decimal': {
      const { scale } = type
      return (raw) => (raw === null || raw === undefined ? null : decimalText(raw, scale))
    }
    case 'varchar':
      return (raw) => (raw === null || raw === undefined ? null : text(raw))
    case 'timestamp':
      return (raw) => (raw === null || raw === undefined ? null : timestampText(raw))
  }
}

/** Compares two key tuples in the order the databases sort them (numbers numerically). */
export function compareKeys(a: readonly SyncValue[], b: readonly SyncValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null
    const y = b[i] ?? null
    if (x === y) continue
    if (x === null) return -1
    if (y === null) return 1
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1
    if (/^-?\d+$/.test(String(x)) && /^-?\d+$/.test(String(y))) {
      const bx = BigInt(x)
      const by = BigInt(y)
      if (bx !== by) return bx < by ? -1 : 1
      continue
    }
    return String(x) < String(y) ? -1 : 1
  }
  return 0
}
