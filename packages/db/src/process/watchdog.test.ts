import type { ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eventually, startHarness } from '../testing/child-harness.js'
import { isProcessAlive } from './process-identity.js'

/**
 * The watchdog's promise, tested without any database: a harness guards a sleeping process
 * and a directory, then dies in one of the ways a harness dies. Whatever the way, the
 * process must be stopped and the directory removed.
 */
let baseDir: string
beforeEach(async () => {
  baseDir = await mkdtemp(path.join(os.tmpdir(), 'dyno-watchdog-test-'))
})
let harness: ChildProcess | null = null
afterEach(async () => {
  // A failed expectation must not leave the harness (and its servers) running.
  if (harness !== null && harness.exitCode === null && harness.signalCode === null) {
    harness.kill('SIGKILL')
    await eventually(async () => (await readdir(baseDir)).length === 0, 'the watchdog cleaned up after the test')
  }
  harness = null
  await rm(baseDir, { recursive: true, force: true })
})

describe('the watchdog', () => {
  for (const [how, kill] of [
    ['is killed with SIGKILL', (child: ChildProcess) => child.kill('SIGKILL')],
    ['gets Ctrl-C (SIGINT to its whole process group)', (child: ChildProcess) => process.kill(-(child.pid as number), 'SIGINT')],
  ] as const) {
    it(`stops the guarded process and removes the guarded directory when the harness ${how}`, async () => {
      const started = startHarness(['sleeper', baseDir])
      harness = started.child
      const { child, ready } = started
      const { pid, dir } = (await ready) as { pid: number; dir: string }
      expect(isProcessAlive(pid)).toBe(true)
      expect(await readdir(baseDir)).toEqual([path.basename(dir)])
      kill(child)
      await eventually(() => !isProcessAlive(pid), `process ${pid} stopped`)
      await eventually(async () => (await readdir(baseDir)).length === 0, `${dir} removed`)
    })
  }

  it('cleans up after a harness that crashes with an uncaught error', async () => {
    const started = startHarness(['sleeper', baseDir, 'crash'])
    harness = started.child
    const { ready } = started
    const { pid } = (await ready) as { pid: number }
    await eventually(() => !isProcessAlive(pid), `process ${pid} stopped`)
    await eventually(async () => (await readdir(baseDir)).length === 0, 'directory removed')
  })
})
