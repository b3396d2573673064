// Benchmark of the database providers themselves (not a test): how long a throwaway server
// takes to start and stop, and how fast each engine is seeded and reset.
//
//   npm run bench:db                                  # 5 starts per server, 100k and 1M rows
//   npm run bench:db -- --starts 3 --sizes 100000     # smaller
//   npm run bench:db -- --repeats 3                   # seed and reset each size 3 times
//   npm run bench:db -- --json                        # machine-readable
//
// Everything runs on 127.0.0.1 against servers this script starts and stops. Figures from a
// shared 2-core machine are noisy: the script prints the load average next to them.
import os from 'node:os'
import { parseArgs } from 'node:util'
import {
  EmbeddedSqliteProvider,
  type ItemsDataset,
  LocalFirebirdProvider,
  LocalMariadbProvider,
  type StartedDatabase,
} from '../src/index.js'

const { values } = parseArgs({
  options: {
    starts: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '1' },
    sizes: { type: 'string', default: '100000,1000000' },
    json: { type: 'boolean', default: false },
  },
})
const starts = Number(values.starts)
const repeats = Number(values.repeats)
const sizes = (values.sizes ?? '').split(',').map(Number)
if (![starts, repeats].every((n) => Number.isInteger(n) && n >= 1) || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  process.stderr.write('usage: db-bench.ts [--starts N] [--repeats N] [--sizes 100000,1000000] [--json]\n')
  process.exit(2)
}

type Engine = 'mariadb' | 'firebird' | 'sqlite'
const providers: Record<Engine, () => { start(): Promise<StartedDatabase> }> = {
  mariadb: () => new LocalMariadbProvider(),
  firebird: () => new LocalFirebirdProvider(),
  sqlite: () => new EmbeddedSqliteProvider(),
}

interface Timing {
  engine: Engine
  what: string
  rows: number | null
  ms: number[]
  rowsPerSec: number[]
  method: string
}

const timings: Timing[] = []
const log = (line: string) => process.stderr.write(`${line}\n`)
const seconds = (ms: number) => (ms / 1000).toFixed(2)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

function record(engine: Engine, what: string, rows: number | null, ms: number, method = ''): void {
  let timing = timings.find((t) => t.engine === engine && t.what === what && t.rows === rows)
  if (timing === undefined) {
    timing = { engine, what, rows, ms: [], rowsPerSec: [], method }
    timings.push(timing)
  }
  timing.ms.push(ms)
  if (rows !== null && what === 'seed') timing.rowsPerSec.push((rows * 1000) / ms)
}

async function timed<T>(work: () => PromiseLike<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await work()
  return [value, performance.now() - started]
}

const loadBefore = os.loadavg()
for (const engine of ['mariadb', 'firebird'] as const) {
  for (let i = 0; i < starts; i++) {
    const [db, startMs] = await timed(() => providers[engine]().start())
    record(engine, 'start (ready for queries)', null, startMs)
    const [, stopMs] = await timed(() => db[Symbol.asyncDispose]())
    record(engine, 'stop and remove', null, stopMs)
    log(`${engine}: start ${seconds(startMs)} s, stop ${seconds(stopMs)} s`)
  }
}
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const rows of sizes) {
    const dataset: ItemsDataset = { name: 'items', seed: 1, rows }
    for (const engine of ['firebird', 'mariadb', 'sqlite'] as const) {
      const db = await providers[engine]().start()
      try {
        const [report, seedMs] = await timed(() => db.seed(dataset))
        record(engine, 'seed', rows, seedMs, report.method)
        const [, resetMs] = await timed(() => db.reset())
        record(engine, 'reset', rows, resetMs)
        log(
          `${engine}: seeded ${rows} rows in ${seconds(seedMs)} s (${Math.round((rows * 1000) / seedMs)} rows/s), reset in ${seconds(resetMs)} s`,
        )
      } finally {
        await db[Symbol.asyncDispose]()
      }
    }
  }
}
const loadAfter = os.loadavg()

if (values.json) {
  process.stdout.write(`${JSON.stringify({ cpus: os.cpus().length, loadBefore, loadAfter, timings }, null, 2)}\n`)
} else {
  const rows = timings.map((t) => [
    t.engine,
    t.what + (t.method ? ` (${t.method})` : ''),
    t.rows === null ? '' : t.rows.toLocaleString('en-US'),
    `${seconds(median(t.ms))} s`,
    `${seconds(Math.min(...t.ms))}–${seconds(Math.max(...t.ms))} s`,
    t.rowsPerSec.length === 0 ? '' : `${Math.round(median(t.rowsPerSec)).toLocaleString('en-US')} rows/s`,
    String(t.ms.length),
  ])
  const header = ['engine', 'step', 'rows', 'median', 'range', 'rate', 'n']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`)
  process.stdout.write(
    `load average (1 min) before ${loadBefore[0]?.toFixed(2)}, after ${loadAfter[0]?.toFixed(2)}, on ${os.cpus().length} CPUs\n`,
  )
}
