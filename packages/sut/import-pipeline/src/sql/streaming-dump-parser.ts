import { classifyStatement, conditionalCommentSql } from './classify-statement.js'
import type { DumpHandler } from './dump-statement.js'
import { DumpParseError } from './sql-dump-rejected.js'
import { numericLiteralValue, type SqlValue } from './sql-value.js'

/** Returned by a scanning step that ran off the end of the bytes it has: wait for the next chunk. */
const NEED_MORE = -1

const LF = 0x0a
const SPACE = 0x20
const QUOTE = 0x27
const DOUBLE_QUOTE = 0x22
const BACKTICK = 0x60
const BACKSLASH = 0x5c
const SEMICOLON = 0x3b
const COMMA = 0x2c
const OPEN = 0x28
const CLOSE = 0x29
const DOT = 0x2e
const MINUS = 0x2d
const PLUS = 0x2b
const SLASH = 0x2f
const STAR = 0x2a
const HASH = 0x23
const BANG = 0x21
const DIGIT_0 = 0x30
const DIGIT_9 = 0x39
const LOWER = 0x20 // OR-ing it into an ASCII letter lower-cases it

const TEN_TO_THE_15 = 10n ** 15n

/** A statement other than INSERT may not grow beyond this while we wait for its `;`. */
const MAX_STATEMENT_BYTES = 16 * 1024 * 1024

/** Markers in {@link ESCAPED_BYTE}: the escaped byte itself, or the backslash and the byte. */
const SAME = 256
const KEEP_BACKSLASH = 257

/**
 * What the byte after a backslash stands for in a MySQL string literal
 * (https://dev.mysql.com/doc/refman/8.4/en/string-literals.html): \0 \b \n \r \t \Z are
 * control characters; \% and \_ keep their backslash (they matter only in LIKE patterns);
 * every other byte, \\ \' \" included, stands for itself.
 */
const ESCAPED_BYTE = (() => {
  const table = new Uint16Array(256).fill(SAME)
  table[0x30] = 0x00 // \0
  table[0x62] = 0x08 // \b
  table[0x6e] = 0x0a // \n
  table[0x72] = 0x0d // \r
  table[0x74] = 0x09 // \t
  table[0x5a] = 0x1a // \Z: ASCII 26, Control+Z
  table[0x25] = KEEP_BACKSLASH // \%
  table[0x5f] = KEEP_BACKSLASH // \_
  return table
})()

/**
 * `Buffer#utf8Slice` and `#latin1Slice` are what `Buffer#toString` calls after checking its
 * arguments and looking up the encoding; the parser decodes hundreds of thousands of short
 * values per second and its bounds are right by construction, so it calls them directly (a
 * measurable share of the parse, see README "SQL parsing"). Present on Buffer since Node 0.x,
 * though missing from @types/node.
 */
interface DirectDecoding {
  utf8Slice(start: number, end: number): string
  latin1Slice(start: number, end: number): string
}

function utf8Text(buffer: Buffer, start: number, end: number): string {
  return (buffer as unknown as DirectDecoding).utf8Slice(start, end)
}

function latin1Text(buffer: Buffer, start: number, end: number): string {
  return (buffer as unknown as DirectDecoding).latin1Slice(start, end)
}

function isSpace(byte: number): boolean {
  return byte === SPACE || (byte >= 0x09 && byte <= 0x0d)
}

function isIdentifierByte(byte: number): boolean {
  return (
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= DIGIT_0 && byte <= DIGIT_9) ||
    byte === 0x5f ||
    byte === 0x24 ||
    byte >= 0x80
  )
}

function isDigit(byte: number): boolean {
  return byte >= DIGIT_0 && byte <= DIGIT_9
}

type Mode = 'between' | 'tuple' | 'after-tuple'

/**
 * A streaming tokenizer and parser for MySQL dumps (mysqldump / mariadb-dump output): feed it
 * chunks of bytes in any sizes and it reports each statement and every row of every INSERT to
 * a {@link DumpHandler}, holding no more than the unfinished part of one row (or of one short
 * non-INSERT statement) between chunks.
 *
 * It works on bytes and decodes only complete string literals, so a chunk boundary inside a
 * multi-byte UTF-8 character, an escape, a comment or a number changes nothing: the scan that
 * ran off the end of a chunk is simply repeated from the start of its row once more bytes are
 * there. To keep that linear when one row is larger than many chunks, it waits until the new
 * bytes at least match the unfinished ones before scanning again.
 */
export class StreamingDumpParser {
  private buffer: Buffer = Buffer.alloc(0)
  /** Everything before `position` in `buffer` has been parsed and reported. */
  private position = 0
  private mode: Mode = 'between'
  /** Line number at `buffer[countedTo]`. */
  private line = 1
  private countedTo = 0
  private statementLine = 1
  /** Values per row of the current INSERT: its column count, or the first row's width. */
  private rowWidth = -1
  private waiting: Buffer[] = []
  private waitingBytes = 0
  private ended = false
  /** Result slot of the value scanners, so a value needs no wrapper object. */
  private value: SqlValue = null
  /**
   * Text values of the current row not decoded yet: their byte ranges and places in the row.
   * A row whose text is all ASCII is decoded with one call and sliced (see decodeRow).
   */
  private spanCount = 0
  private spanStarts: number[] = []
  private spanEnds: number[] = []
  private spanSlots: number[] = []
  /** Set by a scanner that left its value as a span instead of decoding it. */
  private valueIsSpan = false
  /** OR of every byte inside the row's spans: below 0x80 means they are all ASCII. */
  private spanBits = 0
  private scratch: Buffer = Buffer.allocUnsafe(4096)

  constructor(private readonly handler: DumpHandler) {}

  write(chunk: Buffer): void {
    if (this.ended) throw new Error('StreamingDumpParser.write() after end()')
    if (chunk.length === 0) return
    const unfinished = this.buffer.length - this.position
    this.waiting.push(chunk)
    this.waitingBytes += chunk.length
    if (this.waitingBytes < unfinished) return
    this.takeWaiting()
    this.parse(false)
  }

  /** Parses what is left; throws if the dump ends inside a statement. */
  end(): void {
    if (this.ended) return
    this.ended = true
    this.takeWaiting()
    this.parse(true)
    if (this.mode !== 'between' || this.position < this.buffer.length) {
      this.fail(
        this.statementLine,
        'malformed',
        'the dump ends inside this statement: the file is truncated (an interrupted download or dump?)',
      )
    }
  }

  private takeWaiting(): void {
    if (this.waiting.length === 0) return
    // `line` is the line at `buffer[countedTo]`; the bytes before `position` are dropped, so
    // count up to it (the count may already have run ahead, to a statement still unfinished).
    if (this.countedTo < this.position) this.countLinesTo(this.position)
    const rest = this.buffer.subarray(this.position)
    this.buffer = rest.length === 0 && this.waiting.length === 1 ? (this.waiting[0] as Buffer) : Buffer.concat([rest, ...this.waiting])
    this.waiting = []
    this.waitingBytes = 0
    this.countedTo -= this.position
    this.position = 0
  }

  private countLinesTo(end: number): void {
    const buffer = this.buffer
    let at = buffer.indexOf(LF, this.countedTo)
    while (at !== -1 && at < end) {
      this.line++
      at = buffer.indexOf(LF, at + 1)
    }
    this.countedTo = end
  }

  private lineAt(offset: number): number {
    this.countLinesTo(Math.max(this.countedTo, Math.min(offset, this.buffer.length)))
    return this.line
  }

  private fail(line: number, reason: 'malformed' | 'unsupported-value', detail: string): never {
    throw new DumpParseError(line, reason, detail)
  }

  private parse(final: boolean): void {
    for (;;) {
      let next: number
      if (this.mode === 'tuple') next = this.parseTuple(this.position)
      else if (this.mode === 'after-tuple') next = this.parseAfterTuple(this.position, final)
      else next = this.parseBetween(this.position, final)
      if (next === NEED_MORE) return
      this.position = next
      if (next >= this.buffer.length && this.mode === 'between') return
    }
  }

  // ---- between statements ---------------------------------------------------------------

  private parseBetween(from: number, final: boolean): number {
    const buffer = this.buffer
    const start = this.skipSpaceAndComments(from, final)
    if (start === NEED_MORE || start >= buffer.length) return start
    const byte = buffer[start] as number
    if (byte === SEMICOLON) return start + 1
    this.statementLine = this.lineAt(start)
    // skipSpaceAndComments stops at a slash only for a conditional comment or a stray `/`.
    if (byte === SLASH && buffer[start + 1] === STAR) return this.parseConditionalComment(start, final)
    const wordEnd = this.wordEnd(start, final)
    if (wordEnd === NEED_MORE) return NEED_MORE
    if (wordEnd === start) {
      this.fail(this.statementLine, 'malformed', `unexpected ${JSON.stringify(String.fromCharCode(byte))} where a statement should start`)
    }
    if (this.wordIs(start, wordEnd, 'INSERT')) return this.parseInsertHead(wordEnd, final)
    return this.parseOtherStatement(start, final)
  }

  /** `/*!40101 SET NAMES utf8mb4 *\/` (or MariaDB's `/*M!…`): SQL that MySQL executes, so it is classified like a statement. */
  private parseConditionalComment(start: number, final: boolean): number {
    const buffer = this.buffer
    const close = buffer.indexOf('*/', start + 3)
    if (close === -1) {
      if (final) this.fail(this.statementLine, 'malformed', 'the dump ends inside a /*! … */ comment')
      this.checkStatementSize(start)
      return NEED_MORE
    }
    const open = buffer[start + 2] === 0x4d ? start + 4 : start + 3 // `/*M!`
    const sql = conditionalCommentSql(buffer.toString('utf8', open, close))
    if (sql.trim() !== '') this.handler.statement(classifyStatement(sql, this.statementLine, true))
    return close + 2
  }

  /** Any statement but INSERT: found up to its `;` (outside quotes and comments), then classified as text. */
  private parseOtherStatement(start: number, final: boolean): number {
    const end = this.statementEnd(start)
    if (end === NEED_MORE) {
      if (final) return this.statementEndAtEof(start)
      this.checkStatementSize(start)
      return NEED_MORE
    }
    this.handler.statement(classifyStatement(this.buffer.toString('utf8', start, end), this.statementLine, false))
    return end + 1
  }

  private statementEndAtEof(start: number): number {
    // A last statement without its `;` is accepted only if it is harmless to classify: the
    // policy still sees it, and a rejected statement is rejected either way.
    const text = this.buffer.toString('utf8', start)
    this.handler.statement(classifyStatement(text, this.statementLine, false))
    return this.buffer.length
  }

  private checkStatementSize(start: number): void {
    if (this.buffer.length - start > MAX_STATEMENT_BYTES) {
      this.fail(this.statementLine, 'malformed', `a statement longer than ${MAX_STATEMENT_BYTES} bytes without its ';': this is not a dump`)
    }
  }

  /** Index of the `;` ending the statement at `from`, or NEED_MORE. */
  private statementEnd(from: number): number {
    const buffer = this.buffer
    const length = buffer.length
    let at = from
    while (at < length) {
      const byte = buffer[at] as number
      if (byte === SEMICOLON) return at
      if (byte === QUOTE || byte === DOUBLE_QUOTE || byte === BACKTICK) {
        at = this.quotedEnd(at + 1, byte)
        if (at === NEED_MORE) return NEED_MORE
      } else if (byte === SLASH || byte === HASH || byte === MINUS) {
        const after = this.commentEnd(at, false)
        if (after === NEED_MORE) return NEED_MORE
        at = after === at ? at + 1 : after
      } else {
        at++
      }
    }
    return NEED_MORE
  }

  /** Index after the closing quote of a quoted text whose body starts at `from`. */
  private quotedEnd(from: number, quote: number): number {
    const buffer = this.buffer
    const length = buffer.length
    let at = from
    while (at < length) {
      const byte = buffer[at] as number
      if (byte === BACKSLASH && quote !== BACKTICK) at += 2
      else if (byte === quote) {
        if (at + 1 >= length) return NEED_MORE
        if (buffer[at + 1] !== quote) return at + 1
        at += 2
      } else at++
    }
    return NEED_MORE
  }

  // ---- INSERT ---------------------------------------------------------------------------

  /** `INSERT [IGNORE] [INTO] table [(columns)] VALUES`, then the rows follow in mode `tuple`. */
  private parseInsertHead(from: number, final: boolean): number {
    let at = this.skipSpaceAndComments(from, final)
    if (at === NEED_MORE) return NEED_MORE
    let wordEnd = this.wordEnd(at, final)
    if (wordEnd === NEED_MORE) return NEED_MORE
    if (this.wordIs(at, wordEnd, 'IGNORE')) {
      at = this.skipSpaceAndComments(wordEnd, final)
      if (at === NEED_MORE) return NEED_MORE
      wordEnd = this.wordEnd(at, final)
      if (wordEnd === NEED_MORE) return NEED_MORE
    }
    if (this.wordIs(at, wordEnd, 'INTO')) {
      at = this.skipSpaceAndComments(wordEnd, final)
      if (at === NEED_MORE) return NEED_MORE
    }
    const tableParts: string[] = []
    for (;;) {
      const identEnd = this.identifierEnd(at, final)
      if (identEnd === NEED_MORE) return NEED_MORE
      if (identEnd === at) this.unsupportedInsert(at)
      tableParts.push(this.identifierText(at, identEnd))
      at = this.skipSpaceAndComments(identEnd, final)
      if (at === NEED_MORE) return NEED_MORE
      if (this.buffer[at] !== DOT) break
      at = this.skipSpaceAndComments(at + 1, final)
      if (at === NEED_MORE) return NEED_MORE
    }
    let columns: string[] | undefined
    if (this.buffer[at] === OPEN) {
      columns = []
      at++
      for (;;) {
        at = this.skipSpaceAndComments(at, final)
        if (at === NEED_MORE) return NEED_MORE
        const identEnd = this.identifierEnd(at, final)
        if (identEnd === NEED_MORE) return NEED_MORE
        if (identEnd === at) this.unsupportedInsert(at)
        columns.push(this.identifierText(at, identEnd))
        at = this.skipSpaceAndComments(identEnd, final)
        if (at === NEED_MORE) return NEED_MORE
        const byte = this.buffer[at]
        if (byte === CLOSE) break
        if (byte !== COMMA) this.unsupportedInsert(at)
        at++
      }
      at = this.skipSpaceAndComments(at + 1, final)
      if (at === NEED_MORE) return NEED_MORE
    }
    wordEnd = this.wordEnd(at, final)
    if (wordEnd === NEED_MORE) return NEED_MORE
    if (!this.wordIs(at, wordEnd, 'VALUES') && !this.wordIs(at, wordEnd, 'VALUE')) this.unsupportedInsert(at)
    this.handler.statement({
      kind: 'insert',
      verb: 'INSERT',
      table: tableParts.join('.'),
      columns,
      line: this.statementLine,
      conditional: false,
    })
    this.rowWidth = columns === undefined ? -1 : columns.length
    this.mode = 'tuple'
    return wordEnd
  }

  private unsupportedInsert(at: number): never {
    const found = this.buffer.toString('utf8', at, Math.min(at + 24, this.buffer.length)).split('\n')[0]
    this.fail(
      this.statementLine,
      'malformed',
      `only INSERT [IGNORE] INTO table [(columns)] VALUES (…), … is imported; found ${JSON.stringify(found)} in this INSERT`,
    )
  }

  /** One `(v1, v2, …)` row; reports it and returns the index after `)`. */
  private parseTuple(from: number): number {
    const buffer = this.buffer
    let at = this.skipSpaceAndComments(from, false)
    if (at === NEED_MORE || at >= buffer.length) return NEED_MORE
    if (buffer[at] !== OPEN) this.fail(this.lineAt(at), 'malformed', `expected '(' starting a row of VALUES, found ${this.describeAt(at)}`)
    at++
    const values: SqlValue[] = []
    this.spanCount = 0
    this.spanBits = 0
    for (;;) {
      // Fast path for the usual single space or none; comments inside rows are rare.
      let byte = buffer[at]
      if (byte !== undefined && (isSpace(byte) || byte === SLASH || byte === HASH)) {
        at = this.skipSpaceAndComments(at, false)
        if (at === NEED_MORE) return NEED_MORE
        byte = buffer[at]
      }
      if (byte === undefined) return NEED_MORE
      if (byte === CLOSE && values.length === 0) break
      at = this.parseValue(at, byte)
      if (at === NEED_MORE) return NEED_MORE
      if (this.valueIsSpan) {
        this.spanSlots[this.spanCount - 1] = values.length
        this.valueIsSpan = false
      }
      values.push(this.value)
      byte = buffer[at]
      if (byte !== undefined && (isSpace(byte) || byte === SLASH || byte === HASH || byte === MINUS)) {
        at = this.skipSpaceAndComments(at, false)
        if (at === NEED_MORE) return NEED_MORE
        byte = buffer[at]
      }
      if (byte === COMMA) {
        at++
        continue
      }
      if (byte === CLOSE) break
      if (byte === undefined) return NEED_MORE
      this.fail(this.lineAt(at), 'malformed', `expected ',' or ')' after a value, found ${this.describeAt(at)}`)
    }
    if (this.rowWidth === -1) this.rowWidth = values.length
    else if (values.length !== this.rowWidth) {
      this.fail(this.lineAt(at), 'malformed', `a row of ${values.length} values in an INSERT whose rows have ${this.rowWidth}`)
    }
    if (this.spanCount > 0) this.decodeRow(values)
    this.handler.row(values)
    this.mode = 'after-tuple'
    return at + 1
  }

  /**
   * Decodes the row's text values. Each decode is a call into C++ that costs more than the
   * scan of a short value (about 40% of the parse when every value paid for its own), so a
   * row whose values are all ASCII is decoded with one call over the range they span, and
   * each value is sliced out of that string: byte offsets are character offsets there.
   * Other rows decode value by value.
   */
  private decodeRow(values: SqlValue[]): void {
    const buffer = this.buffer
    const count = this.spanCount
    const starts = this.spanStarts
    const ends = this.spanEnds
    const slots = this.spanSlots
    if (count > 1 && this.spanBits < 0x80) {
      const first = starts[0] as number
      const row = latin1Text(buffer, first, ends[count - 1] as number)
      for (let i = 0; i < count; i++) values[slots[i] as number] = row.slice((starts[i] as number) - first, (ends[i] as number) - first)
      return
    }
    for (let i = 0; i < count; i++) values[slots[i] as number] = utf8Text(buffer, starts[i] as number, ends[i] as number)
  }

  private addSpan(start: number, end: number): void {
    this.spanStarts[this.spanCount] = start
    this.spanEnds[this.spanCount] = end
    this.spanCount++
    this.valueIsSpan = true
    this.value = null
  }

  private parseAfterTuple(from: number, final: boolean): number {
    const at = this.skipSpaceAndComments(from, final)
    if (at === NEED_MORE || at >= this.buffer.length) return NEED_MORE
    const byte = this.buffer[at]
    if (byte === COMMA) {
      this.mode = 'tuple'
      return at + 1
    }
    if (byte === SEMICOLON) {
      this.mode = 'between'
      return at + 1
    }
    return this.fail(
      this.lineAt(at),
      'malformed',
      `expected ',' or ';' after a row, found ${this.describeAt(at)} (ON DUPLICATE KEY UPDATE and other clauses are not imported)`,
    )
  }

  private describeAt(at: number): string {
    if (at >= this.buffer.length) return 'the end of the dump'
    return JSON.stringify(this.buffer.toString('utf8', at, Math.min(at + 16, this.buffer.length)).split('\n')[0])
  }

  // ---- values -----------------------------------------------------------------------------

  private parseValue(at: number, byte: number): number {
    if (byte === QUOTE || byte === DOUBLE_QUOTE) return this.parseString(at + 1, byte)
    if (isDigit(byte) || byte === MINUS || byte === PLUS || byte === DOT) return this.parseNumber(at)
    const end = this.wordEnd(at, false)
    if (end === NEED_MORE) return NEED_MORE
    if (this.wordIs(at, end, 'NULL')) {
      this.value = null
      return end
    }
    if (this.wordIs(at, end, 'TRUE') || this.wordIs(at, end, 'FALSE')) {
      this.value = this.wordIs(at, end, 'TRUE') ? 1 : 0
      return end
    }
    const word = this.buffer.toString('utf8', at, end)
    if (/^[xXbB]$/.test(word) && this.buffer[end] === QUOTE) this.unsupportedValue(at, 'a hex or bit string literal')
    if (word.startsWith('_')) this.unsupportedValue(at, `a ${word} charset introducer (binary column data)`)
    return this.fail(this.lineAt(at), 'malformed', `expected a value (a quoted string, a number or NULL), found ${this.describeAt(at)}`)
  }

  private unsupportedValue(at: number, what: string): never {
    this.fail(
      this.lineAt(at),
      'unsupported-value',
      `${what}: the importer only takes text, numbers and NULL; dump without --hex-blob and without binary (BLOB) columns`,
    )
  }

  /** A quoted string whose body starts at `from`; the result goes to `this.value`. */
  private parseString(from: number, quote: number): number {
    const buffer = this.buffer
    const length = buffer.length
    let at = from
    let escaped = false
    let bits = 0
    for (;;) {
      // The hot loop: most bytes are neither the quote nor a backslash.
      while (at < length) {
        const byte = buffer[at] as number
        if (byte === quote || byte === BACKSLASH) break
        bits |= byte
        at++
      }
      // Also when the quote is the last byte: it may be the first of a doubled quote.
      if (at + 1 >= length) return NEED_MORE
      if (buffer[at] === BACKSLASH || buffer[at + 1] === quote) {
        escaped = true
        at += 2
        continue
      }
      break
    }
    if (escaped) this.value = this.unescaped(from, at, quote)
    else {
      this.spanBits |= bits
      this.addSpan(from, at)
    }
    return at + 1
  }

  /**
   * The text of a string body holding escapes: resolved byte by byte into a scratch buffer and
   * decoded once. An escape is ASCII, so resolving it never splits a UTF-8 sequence, and a
   * backslash before a multi-byte character drops just the backslash, as MySQL does.
   */
  private unescaped(from: number, end: number, quote: number): string {
    const buffer = this.buffer
    if (this.scratch.length < end - from) this.scratch = Buffer.allocUnsafe(Math.max(2 * (end - from), 4096))
    const out = this.scratch
    let written = 0
    let at = from
    while (at < end) {
      const byte = buffer[at] as number
      if (byte === BACKSLASH) {
        const next = buffer[at + 1] as number
        const resolved = ESCAPED_BYTE[next] as number
        // \% and \_ keep their backslash outside LIKE patterns.
        if (resolved === KEEP_BACKSLASH) out[written++] = BACKSLASH
        out[written++] = resolved === KEEP_BACKSLASH || resolved === SAME ? next : resolved
        at += 2
      } else if (byte === quote) {
        out[written++] = quote // the first of a doubled quote; the second is skipped
        at += 2
      } else {
        out[written++] = byte
        at++
      }
    }
    return utf8Text(out, 0, written)
  }

  /** An integer, decimal or exponent literal; the result goes to `this.value`. */
  private parseNumber(from: number): number {
    const buffer = this.buffer
    const length = buffer.length
    let at = from
    let byte = buffer[at] as number
    const negative = byte === MINUS
    if (negative || byte === PLUS) at++
    const digitsStart = at
    let magnitude = 0
    while (at < length) {
      byte = buffer[at] as number
      if (!isDigit(byte)) break
      magnitude = magnitude * 10 + (byte - DIGIT_0)
      at++
    }
    if (at >= length) return NEED_MORE
    const integerDigits = at - digitsStart
    if (integerDigits === 1 && magnitude === 0 && (byte | LOWER) === 0x78) this.unsupportedValue(from, 'a hex literal (0x…)')
    if (integerDigits === 1 && magnitude === 0 && (byte | LOWER) === 0x62 && isDigit(buffer[at + 1] ?? 0)) {
      this.unsupportedValue(from, 'a bit literal (0b…)')
    }
    let exact = true
    if (byte === DOT) {
      exact = false
      at++
      while (at < length && isDigit(buffer[at] as number)) at++
      if (at >= length) return NEED_MORE
      byte = buffer[at] as number
    }
    if ((byte | LOWER) === 0x65) {
      exact = false
      at++
      if (at < length && (buffer[at] === MINUS || buffer[at] === PLUS)) at++
      const exponentStart = at
      while (at < length && isDigit(buffer[at] as number)) at++
      if (at >= length) return NEED_MORE
      if (at === exponentStart) this.fail(this.lineAt(from), 'malformed', `a number with an empty exponent: ${this.describeAt(from)}`)
      byte = buffer[at] as number
    }
    if (at === digitsStart || isIdentifierByte(byte) || (integerDigits === 0 && at === digitsStart + 1)) {
      this.fail(this.lineAt(from), 'malformed', `not a number: ${this.describeAt(from)}`)
    }
    if (!exact) this.addSpan(from, at)
    else if (integerDigits <= 15) this.value = negative && magnitude !== 0 ? -magnitude : magnitude
    else if (integerDigits <= 30) this.value = this.wideInteger(digitsStart, digitsStart + integerDigits, negative)
    else this.value = numericLiteralValue(latin1Text(buffer, from, at))
    return at
  }

  /**
   * An integer of 16 to 30 digits, by the rules of {@link numericLiteralValue}: a number while
   * it is a safe integer, else a bigint. Built from two exact 15-digit halves, because
   * `BigInt(text)` costs several times more, and BIGINT ids beyond 2^53 are common in dumps.
   */
  private wideInteger(start: number, end: number, negative: boolean): number | bigint {
    const buffer = this.buffer
    const split = end - 15
    let high = 0
    for (let at = start; at < split; at++) high = high * 10 + ((buffer[at] as number) - DIGIT_0)
    let low = 0
    for (let at = split; at < end; at++) low = low * 10 + ((buffer[at] as number) - DIGIT_0)
    // high * 10^15 + low ≤ 2^53 − 1 = 9_007_199_254_740_991 exactly when this holds.
    if (high < 9 || (high === 9 && low <= 7_199_254_740_991)) {
      const value = high * 1e15 + low
      return negative && value !== 0 ? -value : value
    }
    const value = BigInt(high) * TEN_TO_THE_15 + BigInt(low)
    return negative ? -value : value
  }

  // ---- words, identifiers, whitespace ---------------------------------------------------

  /** End of the run of identifier bytes at `from`; NEED_MORE if it may go on in the next chunk. */
  private wordEnd(from: number, final: boolean): number {
    const buffer = this.buffer
    let at = from
    while (at < buffer.length && isIdentifierByte(buffer[at] as number)) at++
    return at >= buffer.length && !final ? NEED_MORE : at
  }

  /** Case-insensitive comparison of `buffer[from, end)` with an upper-case ASCII keyword. */
  private wordIs(from: number, end: number, keyword: string): boolean {
    if (end - from !== keyword.length) return false
    for (let i = 0; i < keyword.length; i++) {
      if (((this.buffer[from + i] as number) & ~LOWER) !== keyword.charCodeAt(i)) return false
    }
    return true
  }

  private identifierEnd(from: number, final: boolean): number {
    if (this.buffer[from] === BACKTICK) return this.quotedEnd(from + 1, BACKTICK)
    return this.wordEnd(from, final)
  }

  private identifierText(from: number, end: number): string {
    if (this.buffer[from] === BACKTICK) return this.buffer.toString('utf8', from + 1, end - 1).replaceAll('``', '`')
    return this.buffer.toString('utf8', from, end)
  }

  /**
   * Index of the next byte that is neither whitespace nor inside a comment (`-- `, `#`,
   * `/* *\/`); a conditional comment `/*!` is not skipped, it is a statement. NEED_MORE
   * when the bytes end inside a comment, or where a comment might begin.
   */
  private skipSpaceAndComments(from: number, final: boolean): number {
    const buffer = this.buffer
    const length = buffer.length
    let at = from
    for (;;) {
      while (at < length && isSpace(buffer[at] as number)) at++
      if (at >= length) return at
      const after = this.commentEnd(at, final)
      if (after === NEED_MORE) return NEED_MORE
      if (after === at) return at
      at = after
    }
  }

  /** If a comment starts at `at`, the index after it; `at` itself if none does. */
  private commentEnd(at: number, final: boolean): number {
    const buffer = this.buffer
    const length = buffer.length
    const byte = buffer[at]
    if (byte === HASH) return this.lineEnd(at, final)
    if (byte === MINUS) {
      if (at + 2 >= length) return final ? at : NEED_MORE
      // `--` starts a comment only when followed by whitespace or a control character.
      return buffer[at + 1] === MINUS && (buffer[at + 2] as number) <= SPACE ? this.lineEnd(at, final) : at
    }
    if (byte === SLASH) {
      if (at + 2 >= length) return final ? at : NEED_MORE
      if (buffer[at + 1] !== STAR) return at
      const third = buffer[at + 2]
      if (third === BANG || (third === 0x4d && buffer[at + 3] === BANG)) return at
      if (third === 0x4d && at + 3 >= length) return final ? at : NEED_MORE
      const close = buffer.indexOf('*/', at + 2)
      if (close === -1) {
        if (final) this.fail(this.lineAt(at), 'malformed', 'the dump ends inside a /* … */ comment')
        return NEED_MORE
      }
      return close + 2
    }
    return at
  }

  private lineEnd(at: number, final: boolean): number {
    const newline = this.buffer.indexOf(LF, at)
    if (newline !== -1) return newline + 1
    return final ? this.buffer.length : NEED_MORE
  }
}
