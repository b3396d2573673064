import { type ChildProcess, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

/** For the no-orphan tests: a harness process that holds servers (test-fixtures/hold-servers.ts). */
const FIXTURE = fileURLToPath(new URL('../../test-fixtures/hold-servers.ts', import.meta.url))

export function startHarness(args: string[]): { child: ChildProcess; ready: Promise<Record<string, unknown>> } {
  // Its own process group, like a CLI run in a terminal, so a "Ctrl-C" can go to the group.
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk)
  })
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk) => {
      stdout += String(chunk)
      const line = stdout.split('\n')[0]
      if (stdout.includes('\n') && line !== undefined) resolve(JSON.parse(line) as Record<string, unknown>)
    })
    child.once('exit', (code) => reject(new Error(`the harness exited with ${code} before it was ready: ${stderr}`)))
  })
  return { child, ready }
}

/** Polls until `done` holds; fails with `what` after `timeoutMs`. */
export async function eventually(done: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms: ${what}`)
    await sleep(100)
  }
}
