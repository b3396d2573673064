import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Workload } from './workload.js'

/**
 * Durable writes: 4 KiB + fdatasync, the cost of a database commit. On this kind of virtual
 * disk one fsync takes 0.1–4 ms depending on the neighbours (see ../shared/notes/databases.md
 * §4d), the noisiest shape a gate meets. One operation is 100 of them, so every injected
 * change (2, 5, 10, 20%) is a whole number of extra fsyncs in every call: a random extra
 * fsync in some calls would make a bimodal operation whose median hides the change.
 */
export function fsyncWorkload(): Workload {
  const baseSyncs = 100
  let dir = ''
  let fd = -1
  const block = Buffer.alloc(4096, 7)
  return {
    name: 'fsync',
    description: `${baseSyncs} × (write 4 KiB + fdatasync)`,
    roundMs: 250,
    start: async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'dyno-gate-fsync-'))
      fd = openSync(path.join(dir, 'data.bin'), 'w')
    },
    stop: async () => {
      if (fd >= 0) closeSync(fd)
      fd = -1
      rmSync(dir, { recursive: true, force: true })
    },
    operation: (change) => {
      const syncs = Math.round(baseSyncs * (1 + change))
      return () => {
        for (let i = 0; i < syncs; i++) {
          writeSync(fd, block, 0, block.length, 0)
          fdatasyncSync(fd)
        }
        return syncs
      }
    },
  }
}
