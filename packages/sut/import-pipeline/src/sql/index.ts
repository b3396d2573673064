// SQL dump import (seed 001): a streaming MySQL-dump parser, the allow-list policy, and sinks
// that write the rows into MySQL/MariaDB or SQLite.
export { classifyStatement } from './classify-statement.js'
export { checkDumpStatement, type DumpPolicyOptions, type SchemaStatementPolicy } from './dump-policy.js'
export type { DumpHandler, DumpStatement, DumpStatementKind } from './dump-statement.js'
export { importSqlDump, type SqlImportOptions, type SqlImportResult } from './import-sql-dump.js'
export { createMysqlSink, type MysqlQueryable, type MysqlSinkOptions } from './mysql-sink.js'
export { RegexDumpParser } from './regex-dump-parser.js'
export type { RowSink } from './row-sink.js'
export { DumpParseError, SqlDumpRejected, type SqlDumpRejectionReason } from './sql-dump-rejected.js'
export { InvalidIdentifierError } from './sql-identifier.js'
export { numericLiteralValue, type SqlValue } from './sql-value.js'
export { createSqliteSink, type SqliteDatabase } from './sqlite-sink.js'
export { StreamingDumpParser } from './streaming-dump-parser.js'
