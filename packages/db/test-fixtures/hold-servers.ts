// Child harness for the no-orphan tests: starts what it is told to, prints one JSON line
// when ready, then waits to be killed (or crashes on purpose with `crash`).
import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import path from 'node:path'
import { LocalFirebirdProvider, LocalMariadbProvider } from '../src/index.ts'
import { Watchdog } from '../src/process/watchdog.ts'

const [what, baseDir, then] = process.argv.slice(2)
if (baseDir === undefined) throw new Error('usage: hold-servers.ts servers|sleeper BASE_DIR [crash]')

if (what === 'servers') {
  const started = await Promise.all([
    new LocalMariadbProvider({ baseDir, stopGraceMs: 2000 }).start(),
    new LocalFirebirdProvider({ baseDir, stopGraceMs: 2000 }).start(),
  ])
  process.stdout.write(`${JSON.stringify({ urls: started.map((db) => db.url) })}\n`)
} else {
  // No database needed: a sleeping process and a directory stand in for a server.
  const watchdog = Watchdog.start({ graceMs: 1000 })
  const dir = await mkdtemp(path.join(baseDir, 'sleeper-'))
  watchdog.guardDirectory(dir)
  const sleeper = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' })
  sleeper.unref()
  watchdog.guardProcess(sleeper.pid as number)
  process.stdout.write(`${JSON.stringify({ pid: sleeper.pid, dir, watchdog: watchdog.pid })}\n`)
}
if (then === 'crash') {
  setTimeout(() => {
    throw new Error('the harness crashed on purpose')
  }, 100)
}
setInterval(() => {}, 1000)
