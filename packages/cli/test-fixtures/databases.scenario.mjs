// Fixture for the database tests of the CLI: reads the seeded ITEMS rows back from a MySQL
// and a Firebird server by checksum. DYNO_FIXTURE_KILL=mysql kills the MySQL server in the
// third measured round; DYNO_FIXTURE_SLOW_MS slows every round down (for Ctrl-C tests).
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { defineScenario, throughput } from '@dyno/core'
import { itemsChecksum, mysqlOptions, parseServerUrl, readItemsChecksum } from '@dyno/db'
import mysql from 'mysql2/promise'

const expected = itemsChecksum({ name: 'items', seed: 1, rows: 500 })
let rounds = 0

async function killMysql(url) {
  const connection = await mysql.createConnection(mysqlOptions(parseServerUrl(url, 'mysql')))
  const [[row]] = await connection.query('SELECT @@pid_file AS pidFile')
  await connection.end()
  process.kill(Number(readFileSync(row.pidFile, 'utf8').trim()), 'SIGKILL')
}

// Both variants do the same work (read both databases), in a different order, so the
// verdict between them is about nothing in particular and the run exits 0.
const read = (order) => async (_fixture, context) => {
  rounds++
  if (process.env.DYNO_FIXTURE_KILL === 'mysql' && rounds === 8) await killMysql(context.databases.mysql.url)
  const slow = Number(process.env.DYNO_FIXTURE_SLOW_MS ?? 0)
  return async () => {
    if (slow > 0) await sleep(slow)
    const checksums = {}
    for (const name of order) checksums[name] = await readItemsChecksum(context.databases[name].url)
    return checksums
  }
}

export default defineScenario({
  id: 'fixture/databases',
  description: 'Read the seeded ITEMS rows back from MySQL and from Firebird',
  runner: throughput({ unit: 'rows', units: (checksums) => checksums.mysql.rows + checksums.firebird.rows, isolation: 'in-process' }),
  requires: [
    { kind: 'database', engine: 'mysql', dataset: { name: 'items', rows: 500 } },
    { kind: 'database', engine: 'firebird', dataset: { name: 'items', rows: 500 }, reset: 'never' },
  ],
  variants: {
    'mysql-first': { baseline: true, prepare: read(['mysql', 'firebird']) },
    'firebird-first': { prepare: read(['firebird', 'mysql']) },
  },
  verify: (checksums) =>
    Object.entries(checksums).every(([, checksum]) => checksum.digest === expected.digest) ||
    `checksums ${JSON.stringify(checksums)} are not the dataset's ${expected.digest}`,
})
