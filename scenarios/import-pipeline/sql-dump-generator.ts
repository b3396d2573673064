import { stats } from '@dyno/core'
import type { SqlValue } from '@sut/import-pipeline'

/**
 * A MySQL dump in the shape mysqldump / mariadb-dump writes by default (extended INSERTs of
 * up to ~1 MB per line, LOCK TABLES, `/*!40000 ALTER TABLE … DISABLE KEYS *\/`, the
 * `/*!40101 SET …*\/` header and footer), with the data of seed 001's import: customers with
 * unicode names and free-text notes full of escapes, orders with DECIMAL totals and BIGINT ids
 * beyond 2^53, and events with JSON payloads (escaped double quotes) and DOUBLEs. NULLs
 * everywhere a column allows them.
 *
 * The generator knows every value it writes, so {@link DumpFingerprint} of the rows a parser
 * reports can be checked against an oracle independent of both parsers.
 */
export const DUMP_TABLES = ['customers', 'orders', 'events'] as const

export interface GeneratedDump {
  text: string
  rows: number
  fingerprint: number
}

const HEADER = `-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: kader
-- ------------------------------------------------------
-- Server version\t10.11.19-MariaDB

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
`

const FOOTER = `/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2026-11-23 14:00:00
`

/** mysqldump's escaping of a string value (mysql_real_escape_string). */
function quoted(text: string): string {
  let out = "'"
  for (const ch of text) {
    switch (ch) {
      case '\0':
        out += '\\0'
        break
      case '\n':
        out += '\\n'
        break
      case '\r':
        out += '\\r'
        break
      case '\\':
        out += '\\\\'
        break
      case "'":
        out += "\\'"
        break
      case '"':
        out += '\\"'
        break
      case '\x1a':
        out += '\\Z'
        break
      default:
        out += ch
    }
  }
  return `${out}'`
}

function literal(value: SqlValue): string {
  if (value === null) return 'NULL'
  if (typeof value === 'string') return quoted(value)
  return String(value)
}

/** A numeric value that must reach the sink as its literal text (DECIMAL, DOUBLE). */
class Exact {
  constructor(readonly text: string) {}
}

/**
 * An order-sensitive digest of rows, cheap enough to compute inside the timed job: strings
 * by length and first and last UTF-16 unit, numbers by value, bigints by their low digits.
 */
export class DumpFingerprint {
  value = 17
  rows = 0

  add(row: readonly SqlValue[]): void {
    let h = this.value
    for (const v of row) {
      let x: number
      if (v === null) x = 7
      else if (typeof v === 'string') x = v.length * 31 + (v.length === 0 ? 0 : v.charCodeAt(0) * 7 + v.charCodeAt(v.length - 1))
      else if (typeof v === 'number') x = v % 1_000_003
      else x = Number(v % 1_000_003n) + 11
      h = (Math.imul(h, 16_777_619) + (x | 0)) | 0
    }
    this.value = h
    this.rows++
  }
}

const FIRST = ['Jürgen', 'Zoë', 'Ana', 'Mateus', 'Øyvind', 'Siobhán', 'Łukasz', 'Ngọc', '美咲', 'Ахмед', 'Chloé', "O'Neil"]
const LAST = ['Müller', 'van der Berg', 'Nuñez', 'Kowalski', 'Ødegård', "D'Arcy", '山田', 'Іваненко', 'Smith', 'García-López']
const NOTE_WORDS = [
  'Kader',
  'Planung',
  'Somatogramm',
  'Größe',
  'weight',
  'kg',
  'cm',
  'ok',
  '✓',
  '⚠',
  'é',
  'naïve',
  '50%',
  'a_b',
  'C:\\data',
]
const STATUSES = ['queued', 'paid', 'shipped', 'returned', 'cancelled']
const EVENT_KINDS = ['login', 'import.started', 'import.done', 'measure', 'export']

interface TableShape {
  name: (typeof DUMP_TABLES)[number]
  create: string
  row: (id: number) => (SqlValue | Exact)[]
}

/**
 * Generates a dump of about `targetBytes`, the same for the same seed on every machine.
 * Rows are spread over the three tables in the ratio 3 : 5 : 4.
 */
export function generateSqlDump(targetBytes: number, seed = 1, statementBytes = 1_000_000): GeneratedDump {
  const random = stats.createRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const chance = (p: number) => random() < p
  const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0')
  const note = () => {
    const words = Array.from({ length: 3 + Math.floor(random() * 14) }, () => pick(NOTE_WORDS))
    if (chance(0.3)) words.push('line one\nline two')
    if (chance(0.2)) words.push('tab\there')
    if (chance(0.2)) words.push('"quoted"')
    if (chance(0.1)) words.push("it's")
    if (chance(0.05)) words.push('nul\0and ctrl-z\x1a and cr\r')
    return words.join(' ')
  }
  const two = (max: number) => String(1 + Math.floor(random() * max)).padStart(2, '0')
  const timestamp = () => `2026-${two(12)}-${two(28)} ${two(23)}:${two(59)}:${two(59)}`

  const shapes: TableShape[] = [
    {
      name: 'customers',
      create: '`id` int NOT NULL, `email` varchar(190), `name` varchar(100), `balance` decimal(14,2), `created_at` datetime, `notes` text',
      row: (id) => [
        id,
        `user${id}@example.org`,
        `${pick(FIRST)} ${pick(LAST)}`,
        chance(0.1) ? null : new Exact(`${chance(0.2) ? '-' : ''}${Math.floor(random() * 100_000)}.${digits(2)}`),
        timestamp(),
        chance(0.25) ? null : note(),
      ],
    },
    {
      name: 'orders',
      create: '`id` bigint unsigned NOT NULL, `customer_id` int, `total` decimal(12,2), `status` varchar(16), `shipped_at` datetime',
      // Ids above 2^53 on purpose: a parser that goes through a double loses their last digits.
      row: (id) => [
        BigInt(9_007_199_254_740_992) + BigInt(id),
        1 + Math.floor(random() * 50_000),
        new Exact(`${Math.floor(random() * 10_000)}.${digits(2)}`),
        pick(STATUSES),
        chance(0.4) ? null : timestamp(),
      ],
    },
    {
      name: 'events',
      create: '`id` bigint NOT NULL, `kind` varchar(32), `payload` text, `ratio` double',
      row: (id) => [
        id * 1000 + Math.floor(random() * 1000),
        pick(EVENT_KINDS),
        JSON.stringify({ file: `somatogramm_${digits(8)}.sql`, rows: Math.floor(random() * 1e6), note: chance(0.3) ? note() : null }),
        chance(0.2) ? null : new Exact(`${(random() * 1e3).toFixed(3)}e-${1 + Math.floor(random() * 9)}`),
      ],
    },
  ]

  const fingerprint = new DumpFingerprint()
  const parts: string[] = [HEADER]
  const perShare = targetBytes / 12
  for (const [index, shape] of shapes.entries()) {
    const share = perShare * ([3, 5, 4][index] as number)
    parts.push(
      `\n--\n-- Dumping data for table \`${shape.name}\`\n-- (${shape.create})\n--\n\nLOCK TABLES \`${shape.name}\` WRITE;\n/*!40000 ALTER TABLE \`${shape.name}\` DISABLE KEYS */;\n`,
    )
    let tableBytes = 0
    let id = 1
    while (tableBytes < share) {
      let statement = `INSERT INTO \`${shape.name}\` VALUES `
      let first = true
      while (statement.length < statementBytes && tableBytes + statement.length < share) {
        const row = shape.row(id++)
        fingerprint.add(row.map((v) => (v instanceof Exact ? v.text : v)))
        statement += `${first ? '' : ','}(${row.map((v) => (v instanceof Exact ? v.text : literal(v))).join(',')})`
        first = false
      }
      statement += ';\n'
      parts.push(statement)
      tableBytes += Buffer.byteLength(statement)
    }
    parts.push(`/*!40000 ALTER TABLE \`${shape.name}\` ENABLE KEYS */;\nUNLOCK TABLES;\n`)
  }
  parts.push(FOOTER)
  return { text: parts.join(''), rows: fingerprint.rows, fingerprint: fingerprint.value }
}
