/**
 * Why a dump file was stopped:
 * - `disallowed-statement`: a statement outside the allow-list (DROP, GRANT, CREATE USER…);
 * - `table-not-mapped`: an INSERT (or schema statement) for a table the file→table mapping
 *   does not name;
 * - `unsupported-value`: a value the importer cannot represent exactly (hex, bit and
 *   charset-introduced literals, e.g. from `mysqldump --hex-blob` or `_binary '…'`);
 * - `malformed`: the text is not a MySQL dump statement the parser understands, or the file
 *   ends inside a statement (a truncated download).
 */
export type SqlDumpRejectionReason = 'disallowed-statement' | 'table-not-mapped' | 'unsupported-value' | 'malformed'

/**
 * A dump file the importer refused to go on with. Rows from statements before `line` may
 * already be in the target tables (the import streams); nothing from `line` on is written.
 */
export class SqlDumpRejected extends Error {
  constructor(
    readonly fileName: string,
    /** 1-based line of the offending statement (or value) in the dump. */
    readonly line: number,
    readonly reason: SqlDumpRejectionReason,
    /** What was found and what to do about it, without the file and line. */
    readonly detail: string,
  ) {
    super(`${fileName}:${line}: ${detail}`)
    this.name = 'SqlDumpRejected'
  }
}

/**
 * Thrown by the parsers, which know lines but not file names; the importer turns it into a
 * {@link SqlDumpRejected} naming the file.
 */
export class DumpParseError extends Error {
  constructor(
    readonly line: number,
    readonly reason: SqlDumpRejectionReason,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`)
    this.name = 'DumpParseError'
  }
}
