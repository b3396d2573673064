import { StringDecoder } from 'node:string_decoder'
import { classifyStatement, conditionalCommentSql, identifierText } from './classify-statement.js'
import type { DumpHandler } from './dump-statement.js'
import { DumpParseError } from './sql-dump-rejected.js'
import { numericLiteralValue, type SqlValue } from './sql-value.js'

const INSERT =
  /^INSERT\s+(?:IGNORE\s+)?INTO\s+(`(?:[^`]|``)+`|[\w$]+)(?:\s*\.\s*(`(?:[^`]|``)+`|[\w$]+))?\s*(?:\(([^)]*)\))?\s*VALUES?\s*([\s\S]*?)\s*;?\s*$/i
const CONDITIONAL = /^\/\*M?!([\s\S]*?)\*\/\s*;?\s*$/
const TUPLE = /\(((?:'(?:[^'\\]|\\[\s\S]|'')*'|[^()'])*)\)\s*(?:,|$)\s*/gy
const VALUE = /\s*(?:'((?:[^'\\]|\\[\s\S]|'')*)'|(NULL)|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))\s*(?:,|$)/iy
const ESCAPE = /\\([\s\S])|''/g
const ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a', '%': '\\%', _: '\\_' }

function unescapeStringBody(body: string): string {
  return body.replace(ESCAPE, (_, escaped: string | undefined) => (escaped === undefined ? "'" : (ESCAPES[escaped] ?? escaped)))
}

/**
 * Seed 001's SQL parsing, the "before" variant: decode the dump to text, collect lines into a
 * statement until a line ends with `;`, then take the statement apart with regular
 * expressions (one for the INSERT, one for each row, one for each value). Every byte is
 * decoded, split, joined and matched again; a statement is held whole before any of its rows
 * is reported.
 *
 * It reads mysqldump's own output correctly (one statement per line, strings with their
 * newlines escaped) and reports exactly what {@link StreamingDumpParser} reports there; unlike
 * it, it mistakes a string value holding a line that ends with `;` for a statement's end.
 */
export class RegexDumpParser {
  private readonly decoder = new StringDecoder('utf8')
  private partialLine = ''
  private statementLines: string[] = []
  private statementLine = 0
  private lineNumber = 0

  constructor(private readonly handler: DumpHandler) {}

  write(chunk: Buffer): void {
    const lines = (this.partialLine + this.decoder.write(chunk)).split('\n')
    this.partialLine = lines.pop() ?? ''
    for (const line of lines) this.addLine(line)
  }

  end(): void {
    const last = this.partialLine + this.decoder.end()
    this.partialLine = ''
    if (last !== '') this.addLine(last)
    if (this.statementLines.length > 0) {
      throw new DumpParseError(this.statementLine, 'malformed', 'the dump ends inside this statement: the file is truncated')
    }
  }

  private addLine(line: string): void {
    this.lineNumber++
    const trimmed = line.trim()
    if (this.statementLines.length === 0) {
      if (trimmed === '' || trimmed.startsWith('--') || trimmed.startsWith('#')) return
      this.statementLine = this.lineNumber
      if (trimmed.startsWith('/*') && (trimmed.endsWith('*/') || trimmed.endsWith('*/;'))) {
        // A comment line: a conditional one (`/*!40101 SET … */;`) is a statement of its own.
        if (/^\/\*M?!/.test(trimmed)) this.parseStatement(trimmed)
        return
      }
    }
    this.statementLines.push(line)
    if (trimmed.endsWith(';')) {
      const statement = this.statementLines.join('\n').trim()
      this.statementLines = []
      this.parseStatement(statement)
    }
  }

  private parseStatement(statement: string): void {
    const conditional = CONDITIONAL.exec(statement)
    if (conditional !== null) {
      const sql = conditionalCommentSql(conditional[1] as string)
      if (sql.trim() !== '') this.handler.statement(classifyStatement(sql, this.statementLine, true))
      return
    }
    const insert = INSERT.exec(statement)
    if (insert === null) {
      this.handler.statement(classifyStatement(statement.replace(/;\s*$/, ''), this.statementLine, false))
      return
    }
    const columns = insert[3]?.split(',').map((column) => identifierText(column.trim(), undefined))
    this.handler.statement({
      kind: 'insert',
      verb: 'INSERT',
      table: identifierText(insert[1] as string, insert[2]),
      columns,
      line: this.statementLine,
      conditional: false,
    })
    this.parseRows(insert[4] as string)
  }

  private parseRows(valuesText: string): void {
    TUPLE.lastIndex = 0
    let consumed = 0
    for (let tuple = TUPLE.exec(valuesText); tuple !== null; tuple = TUPLE.exec(valuesText)) {
      consumed = TUPLE.lastIndex
      this.handler.row(this.parseValues(tuple[1] as string))
    }
    if (consumed !== valuesText.length) {
      throw new DumpParseError(
        this.statementLine,
        'malformed',
        `cannot read the rows of this INSERT after ${JSON.stringify(valuesText.slice(consumed, consumed + 16))}`,
      )
    }
  }

  private parseValues(tupleText: string): SqlValue[] {
    const values: SqlValue[] = []
    VALUE.lastIndex = 0
    while (VALUE.lastIndex < tupleText.length) {
      const value = VALUE.exec(tupleText)
      if (value === null) {
        throw new DumpParseError(
          this.statementLine,
          'malformed',
          `cannot read a value in the row ${JSON.stringify(tupleText.slice(0, 40))}`,
        )
      }
      if (value[1] !== undefined) values.push(unescapeStringBody(value[1]))
      else if (value[2] !== undefined) values.push(null)
      else values.push(numericLiteralValue(value[3] as string))
    }
    return values
  }
}
