import { stats } from '@dyno/core'
import { ZipWriter } from '@sut/import-pipeline'

/**
 * MySQL-style dumps (what `mysqldump --extended-insert` writes) of two tables the import maps:
 * multi-row INSERTs, quoted strings with escapes, NULLs, decimals, comments, SET and
 * LOCK/UNLOCK TABLES. Generated from a fixed seed, so every run and every machine imports the
 * same bytes.
 */
export const ARCHIVE_DUMP_TABLES = {
  athletes:
    'CREATE TABLE IF NOT EXISTS athletes (id INT PRIMARY KEY, name VARCHAR(100), club VARCHAR(100), height_cm DECIMAL(5,1), born DATE)',
  measurements:
    'CREATE TABLE IF NOT EXISTS measurements (id INT PRIMARY KEY, athlete_id INT, taken_at DATETIME, metric VARCHAR(40), value DECIMAL(8,2), note TEXT)',
} as const

const FIRST = ['Anna', 'Ben', "D'Arcy", 'Émile', 'Jörg', 'Li', 'Maya', 'O\\Neil', 'Sven', 'Zoë']
const LAST = ['Meyer', 'Schmidt', "O'Brien", 'Nguyen', 'Kowalski', 'Rossi', 'Müller', 'Haddad']
const METRICS = ['height', 'weight', 'sprint_30m', 'jump_cmj', 'grip_left', 'grip_right']

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
const pad = (n: number) => String(n).padStart(2, '0')

export interface DumpStats {
  bytes: number
  rowsByTable: Record<string, number>
}

/** One dump of about `targetBytes`, rows numbered from `firstId` so dumps can be imported side by side. */
export function generateDump(targetBytes: number, firstId: number, seed: number): { text: string; stats: DumpStats } {
  const random = stats.createRandom(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T
  const parts: string[] = [
    '-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n',
    '/*!40101 SET NAMES utf8mb4 */;\n',
    'SET FOREIGN_KEY_CHECKS=0;\n',
  ]
  let bytes = parts.reduce((n, p) => n + Buffer.byteLength(p), 0)
  const rowsByTable: Record<string, number> = { athletes: 0, measurements: 0 }
  let id = firstId
  while (bytes < targetBytes) {
    const athletes: string[] = []
    for (let i = 0; i < 200; i++, id++) {
      const club = random() < 0.2 ? 'NULL' : quote(`SV ${pick(LAST)} ${1900 + Math.floor(random() * 120)}`)
      const born = `${1990 + Math.floor(random() * 20)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`
      athletes.push(`(${id},${quote(`${pick(FIRST)} ${pick(LAST)}`)},${club},${(150 + random() * 50).toFixed(1)},'${born}')`)
    }
    const measurements: string[] = []
    for (let i = 0; i < 800; i++) {
      const note = random() < 0.7 ? 'NULL' : quote(`retest; "windy"\nsession ${Math.floor(random() * 9)}`)
      const at = `2026-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))} ${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}:00`
      measurements.push(
        `(${id * 4 + i},${id - 1 - Math.floor(random() * 200)},'${at}',${quote(pick(METRICS))},${(random() * 1000).toFixed(2)},${note})`,
      )
    }
    const block =
      `LOCK TABLES \`athletes\` WRITE;\nINSERT INTO \`athletes\` VALUES ${athletes.join(',')};\nUNLOCK TABLES;\n` +
      `LOCK TABLES \`measurements\` WRITE;\nINSERT INTO \`measurements\` VALUES ${measurements.join(',')};\nUNLOCK TABLES;\n`
    parts.push(block)
    bytes += Buffer.byteLength(block)
    rowsByTable['athletes'] = (rowsByTable['athletes'] ?? 0) + athletes.length
    rowsByTable['measurements'] = (rowsByTable['measurements'] ?? 0) + measurements.length
  }
  parts.push('-- Dump completed\n')
  const text = parts.join('')
  return { text, stats: { bytes: Buffer.byteLength(text), rowsByTable } }
}

/**
 * Writes `entries` dumps of about `entryBytes` each into one ZIP. Row ids never overlap
 * between dumps or archives (`archiveIndex` spaces them), so the archives of a data set can
 * all be imported into the same tables.
 */
export async function writeDumpArchive(
  file: string,
  options: { entries: number; entryBytes: number; archiveIndex?: number },
): Promise<DumpStats> {
  const writer = new ZipWriter(file)
  const total: DumpStats = { bytes: 0, rowsByTable: { athletes: 0, measurements: 0 } }
  for (let e = 0; e < options.entries; e++) {
    const index = (options.archiveIndex ?? 0) * options.entries + e
    // 5M ids per dump leaves room for dumps up to ~2 GB, and measurement ids (4× athlete ids) stay inside INT for 100 dumps.
    const { text, stats: dumpStats } = generateDump(options.entryBytes, index * 5_000_000 + 1, 1000 + index)
    await writer.add(`dumps/athletes_${String(index).padStart(3, '0')}.sql`, text)
    total.bytes += dumpStats.bytes
    for (const [table, rows] of Object.entries(dumpStats.rowsByTable)) total.rowsByTable[table] = (total.rowsByTable[table] ?? 0) + rows
  }
  await writer.finish()
  return total
}
