// Fixture: a scenario that may run on the embedded SQLite stand-in when no MySQL is there.
import { defineScenario, throughput } from '@dyno/core'
import { readItemsChecksum } from '@dyno/db'

export default defineScenario({
  id: 'fixture/stand-in',
  description: 'Read 200 seeded rows from MySQL, or from its SQLite stand-in',
  runner: throughput({ unit: 'rows', units: (checksum) => checksum.rows, isolation: 'in-process' }),
  requires: [{ kind: 'database', engine: 'mysql', embeddedFallback: 'sqlite', dataset: { name: 'items', rows: 200 } }],
  variants: {
    a: { baseline: true, prepare: (_fixture, context) => () => readItemsChecksum(context.databases.mysql.url) },
    b: { prepare: (_fixture, context) => () => readItemsChecksum(context.databases.mysql.url) },
  },
  verify: (checksum) => checksum.rows === 200 || `read ${checksum.rows} rows`,
})
