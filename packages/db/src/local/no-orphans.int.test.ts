import type { ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isLoopbackPortFree } from '../process/loopback-port.js'
import { eventually, startHarness } from '../testing/child-harness.js'
import { processesMentioning, serversForTests } from '../testing/integration-servers.js'
import { parseServerUrl } from '../url/database-url.js'

/**
 * No server may outlive the harness that started it, however the harness ends. A child
 * process starts a MariaDB and a Firebird server and is then killed; the watchdog must stop
 * both servers and remove their directories.
 */
const servers = serversForTests()

let baseDir: string
beforeEach(async () => {
  baseDir = await mkdtemp(path.join(os.tmpdir(), 'dyno-orphan-test-'))
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

describe.runIf(servers.mysql && servers.firebird)('throwaway servers when the harness dies', () => {
  for (const [how, args, end] of [
    ['is killed with SIGKILL', [], (child: ChildProcess) => child.kill('SIGKILL')],
    [
      'gets Ctrl-C in its terminal (SIGINT to the process group)',
      [],
      (child: ChildProcess) => process.kill(-(child.pid as number), 'SIGINT'),
    ],
    ['crashes with an uncaught error', ['crash'], () => {}],
  ] as const) {
    it(`are stopped and their directories removed when the harness ${how}`, async () => {
      const started = startHarness(['servers', baseDir, ...args])
      harness = started.child
      const { child, ready } = started
      const { urls } = (await ready) as { urls: string[] }
      expect(processesMentioning(baseDir).filter((pid) => pid !== child.pid)).toHaveLength(2)
      end(child)
      await eventually(() => processesMentioning(baseDir).length === 0, 'both servers stopped')
      await eventually(async () => (await readdir(baseDir)).length === 0, 'their directories removed')
      for (const url of urls)
        expect(await isLoopbackPortFree(parseServerUrl(url, url.startsWith('mysql') ? 'mysql' : 'firebird').port)).toBe(true)
    })
  }
})
