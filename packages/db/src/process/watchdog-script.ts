/**
 * The program the watchdog process runs, kept as a string and started with `node -e`: it
 * must run the same way from TypeScript sources (tests) and from dist/, with no loader and no
 * build step, and it must start in a few tens of milliseconds.
 *
 * Protocol, one command per line on stdin:
 *   dir <path>               remove this directory when cleaning up
 *   pid <pid> <starttime>    stop this process group when cleaning up
 *   unpid <pid> / undir <path>   forget it (the parent stopped or removed it itself)
 * Cleaning up starts when stdin ends, which happens when the parent closes it or dies in
 * any way, SIGKILL included (the kernel closes the pipe). Each process gets SIGTERM, then
 * SIGKILL after the grace period (Firebird 3 sometimes ignores SIGTERM), then the
 * directories are removed and the watchdog exits.
 */
export const WATCHDOG_SCRIPT = String.raw`
'use strict'
const fs = require('node:fs')
const graceMs = Number(process.env.DYNO_WATCHDOG_GRACE_MS || 5000)
const pids = new Map()
const dirs = new Set()
let buffered = ''
let cleaning = false
process.on('SIGINT', () => {})
process.on('SIGHUP', () => {})
process.on('SIGTERM', () => cleanup())
function startTime(pid) {
  try {
    const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] || null
  } catch { return null }
}
function alive(pid) {
  try { process.kill(pid, 0) } catch { return false }
  try {
    const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch { return true }
}
function signal(pid, sig) {
  try { process.kill(-pid, sig) } catch { try { process.kill(pid, sig) } catch {} }
}
function handle(line) {
  const space = line.indexOf(' ')
  const op = space < 0 ? line : line.slice(0, space)
  const arg = space < 0 ? '' : line.slice(space + 1)
  if (op === 'dir') dirs.add(arg)
  else if (op === 'undir') dirs.delete(arg)
  else if (op === 'pid') { const [pid, start] = arg.split(' '); pids.set(Number(pid), start === '-' ? null : start) }
  else if (op === 'unpid') pids.delete(Number(arg))
}
async function cleanup() {
  if (cleaning) return
  cleaning = true
  const mine = [...pids].filter(([pid, start]) => alive(pid) && (start === null || startTime(pid) === start)).map(([pid]) => pid)
  for (const pid of mine) signal(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (mine.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  for (const pid of mine.filter(alive)) signal(pid, 'SIGKILL')
  const killDeadline = Date.now() + 5000
  while (mine.some(alive) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 50))
  for (const dir of dirs) { try { fs.rmSync(dir, { recursive: true, force: true }) } catch {} }
  process.exit(0)
}
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => {
  buffered += chunk
  let newline
  while ((newline = buffered.indexOf('\n')) >= 0) { handle(buffered.slice(0, newline)); buffered = buffered.slice(newline + 1) }
})
process.stdin.on('end', cleanup)
process.stdin.on('close', cleanup)
process.stdin.on('error', cleanup)
`
