export { createStatusApi } from './api/status-api.js'
export { buildListingPerCall } from './listing/listing-per-call.js'
export type { DirectoryEntry, RemoteFile } from './listing/remote-file.js'
export { ReusableListing } from './listing/reusable-listing.js'
export { FileTableMapper, NoTableMapping, type TableMappingRule } from './mapping/table-mapping.js'
export { CompiledPatternSet } from './patterns/compiled-pattern-set.js'
export { type FilePattern, PatternError, type PatternSet } from './patterns/file-pattern.js'
export { compilePattern, globToRegexSource } from './patterns/glob-to-regex.js'
export { filterNamesPerCall, matchesPerCall } from './patterns/per-call-pattern-filter.js'
export { type ChecksumPolicy, ImportPipeline, type ImportPipelineOptions, type PipelineRunSummary } from './pipeline/import-pipeline.js'
export type { SqlDumpImporter, SqlDumpImportOptions } from './pipeline/sql-dump-importer.js'
export { ChecksumMismatch, type DownloadOptions, type DownloadResult, downloadFile } from './sources/download-file.js'
export { type FileSource, SourceFileMissing } from './sources/file-source.js'
export { type ExpectedHostKey, fingerprintOf, HostKeyMismatch } from './sources/host-key.js'
export { type ListFilesOptions, listFiles } from './sources/list-files.js'
export { LocalDirectorySource } from './sources/local-directory-source.js'
export { SftpSource, type SftpSourceOptions } from './sources/sftp-source.js'
export * from './sql/index.js'
export { FineGrainedStatusStore } from './status/fine-grained-status-store.js'
export { GlobalLockStatusStore } from './status/global-lock-status-store.js'
export {
  type ImportState,
  type ImportStatus,
  type LogLevel,
  type LogLine,
  StatusTransitionError,
  type StatusUpdate,
  UnknownImport,
} from './status/import-status.js'
export { openStatusStore } from './status/open-status-store.js'
export { MAX_LOG_LINES_PER_IMPORT, type StatusStore, type StatusStoreKind } from './status/status-store.js'
export {
  type ExtractedFile,
  type ExtractionResult,
  type ExtractZipOptions,
  extractZip,
  extractZipBufferingEntries,
} from './zip/extract-zip.js'
export { ZipEntryRejected, type ZipRejectionReason } from './zip/zip-entry-rejected.js'
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip/zip-limits.js'
export { ZipWriter, type ZipWriterEntryOptions } from './zip/zip-writer.js'
