import { describe, expect, it } from 'vitest'
import { detectContainerRuntime } from './container-runtime.js'
import { DockerProvider } from './docker-provider.js'

/**
 * There is no container runtime on the development machine or in CI, so what can be tested
 * here is the path most users of this code take: no runtime, a clear error, no hang. Where a
 * runtime answers, the same test starts a real MySQL container instead.
 */
const runtime = await detectContainerRuntime()

describe.runIf(!runtime.available)('the docker provider without a container runtime', () => {
  it('fails at once with what is missing and what to do instead', async () => {
    await expect(new DockerProvider('mysql').start()).rejects.toMatchObject({
      code: 'docker-unavailable',
      message: expect.stringContaining('cannot start a mysql container: no container runtime answers'),
      hint: expect.stringContaining('--db local'),
    })
  })
})

describe.runIf(runtime.available)('the docker provider with a container runtime', () => {
  it('starts a pinned MySQL 8 container with local infile on, seeds it and removes it', { timeout: 300_000 }, async () => {
    const db = await new DockerProvider('mysql').start()
    try {
      expect(db.version).toMatch(/^8\./)
      expect(db.settings.local_infile).toBe('ON')
      await db.seed({ name: 'items', seed: 1, rows: 1000 })
      expect((await db.checksum()).rows).toBe(1000)
    } finally {
      await db[Symbol.asyncDispose]()
    }
  })
})
