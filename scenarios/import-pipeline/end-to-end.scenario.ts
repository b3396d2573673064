import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DatabaseConnection, defineScenario, throughput } from '@dyno/core'
import { mysqlOptions, parseServerUrl } from '@dyno/db'
import {
  createMysqlSink,
  createSqliteSink,
  ImportPipeline,
  importSqlDump,
  LocalDirectorySource,
  openStatusStore,
  type PipelineRunSummary,
  type RowSink,
  type TableMappingRule,
} from '@sut/import-pipeline'
import { ARCHIVE_DUMP_TABLES, writeDumpArchive } from './dump-archive-generator.js'

const SEED_001 = 'seeds/001_0bb65736470de125.txt'

interface EndToEndFixture {
  remoteDir: string
  archives: number
  sqlBytes: number
  rows: number
}

const MAPPING: TableMappingRule[] = [
  { files: { kind: 'glob', pattern: 'dumps/athletes_*.sql' }, tables: { athletes: 'athletes', measurements: 'measurements' } },
]

/** The target database, emptied and with fresh tables, and the sink that writes into it. */
async function openTarget(database: DatabaseConnection): Promise<{ sink: RowSink; close(): Promise<void> }> {
  if (database.engine === 'sqlite') {
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(fileURLToPath(database.url))
    db.pragma('journal_mode = WAL')
    for (const table of Object.keys(ARCHIVE_DUMP_TABLES)) db.exec(`DROP TABLE IF EXISTS ${table}`)
    for (const ddl of Object.values(ARCHIVE_DUMP_TABLES)) db.exec(ddl)
    const sink = createSqliteSink(db)
    return {
      sink,
      close: async () => {
        await sink.close()
        db.close()
      },
    }
  }
  const mysql = await import('mysql2/promise')
  const pool = mysql.createPool({ ...mysqlOptions(parseServerUrl(database.url, 'mysql')), connectionLimit: 2 })
  for (const table of Object.keys(ARCHIVE_DUMP_TABLES)) await pool.query(`DROP TABLE IF EXISTS ${table}`)
  for (const ddl of Object.values(ARCHIVE_DUMP_TABLES)) await pool.query(ddl)
  const sink = createMysqlSink(pool)
  return {
    sink,
    close: async () => {
      await sink.close()
      await pool.end()
    },
  }
}

/**
 * Seed 001's whole import, with its targets "full import < 2 min, peak < 2 GB": a generated set
 * of MySQL dumps in ZIPs (about 100 MB of SQL in 5 archives of 2 dumps; 10 MB with --quick),
 * each with a SHA-256 sidecar, listed from the local source directory, downloaded, checked,
 * extracted behind every guard, parsed and written into MySQL (or SQLite with --db embedded),
 * with every step recorded in the status store. Every round starts from empty tables and an
 * empty status store in a fresh process, so its peak RSS is its own.
 *
 * The variants differ in how many files go through the pipeline at once: one (dump rows
 * arrive in file order) or two (the download, extraction and parsing of one file overlap the
 * database writes of the other).
 */
export default defineScenario({
  id: 'import-pipeline/end-to-end',
  description: 'Import ~100 MB of MySQL dumps in ZIPs from a source directory into MySQL: one file at a time vs two at once',
  runner: throughput({ unit: 'rows', units: (out: PipelineRunSummary) => out.rows, isolation: 'process', roundTimeoutMs: 300_000 }),
  packages: ['@sut/import-pipeline', 'mysql2', 'better-sqlite3', 'yauzl'],
  tags: ['seed-001', 'end-to-end', 'database'],
  requires: [{ kind: 'database', engine: 'mysql', embeddedFallback: 'sqlite' }],
  setup: async ({ quick, tempDir }): Promise<EndToEndFixture> => {
    const remoteDir = path.join(tempDir, 'remote')
    await mkdir(path.join(remoteDir, 'incoming'), { recursive: true })
    const archives = quick ? 2 : 5
    const entryBytes = (quick ? 2.5 : 10) * 1024 * 1024
    let sqlBytes = 0
    let rows = 0
    for (let a = 0; a < archives; a++) {
      const file = path.join(remoteDir, 'incoming', `kader_export_${String(a).padStart(2, '0')}.zip`)
      const written = await writeDumpArchive(file, { entries: 2, entryBytes, archiveIndex: a })
      sqlBytes += written.bytes
      rows += Object.values(written.rowsByTable).reduce((sum, n) => sum + n, 0)
      const sha256 = createHash('sha256')
        .update(await readFile(file))
        .digest('hex')
      await writeFile(`${file}.sha256`, `${sha256}  ${path.basename(file)}\n`)
    }
    return { remoteDir, archives, sqlBytes, rows }
  },
  variants: Object.fromEntries(
    ([1, 2] as const).map((concurrency) => [
      concurrency === 1 ? 'one-file-at-a-time' : 'two-files-at-once',
      {
        ...(concurrency === 1 ? { baseline: true } : {}),
        description: concurrency === 1 ? 'Files imported one after another' : 'Two files in the pipeline at once',
        prepare: async (
          fixture: EndToEndFixture,
          context: { tempDir: string; databases: Readonly<Record<string, DatabaseConnection>> },
        ) => {
          const database = context.databases['mysql']
          if (database === undefined) throw new Error('no mysql database was provisioned')
          const target = await openTarget(database)
          const roundDir = await mkdtemp(path.join(context.tempDir, 'round-'))
          const store = await openStatusStore(path.join(roundDir, 'state'))
          const pipeline = new ImportPipeline({
            source: new LocalDirectorySource(fixture.remoteDir),
            patterns: { include: [{ kind: 'glob', pattern: 'incoming/*.zip' }], exclude: [] },
            store,
            workDir: path.join(roundDir, 'work'),
            mapping: MAPPING,
            importer: importSqlDump,
            sink: target.sink,
            checksums: 'required',
            concurrency,
          })
          return {
            run: () => pipeline.runOnce(),
            dispose: async () => {
              await store.close()
              await target.close()
            },
          }
        },
      },
    ]),
  ),
  verify: (summary, { fixture }) => {
    if (summary.failed > 0) return `${summary.failed} of ${summary.listed} archives failed to import`
    if (summary.imported !== fixture.archives) return `imported ${summary.imported} archives, expected ${fixture.archives}`
    return summary.rows === fixture.rows || `imported ${summary.rows} rows, the dumps hold ${fixture.rows}`
  },
  budgets: [
    { metric: 'wallMs', max: 120_000, reason: 'seed 001 target: full import < 2 min' },
    { metric: 'peakRssBytes', max: 2 * 1024 ** 3, reason: 'seed 001 target: peak memory < 2 GB' },
  ],
  claims: [
    {
      metric: 'rowsPerSec',
      variant: 'two-files-at-once',
      ratio: { min: 1 },
      source: SEED_001,
      text: 'Concurrent processing: I/O-bound work benefits from more workers than cores',
    },
  ],
})
