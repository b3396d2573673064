import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type AnyScenario, collectFingerprint, resolveScenario, runScenario, scenarioProblems } from '@dyno/core'
import { describe, expect, it } from 'vitest'
import listing from './listing.scenario.js'
import { statusApi20, statusApi100 } from './status-api.scenario.js'
import { createStatusApiLoadServer, statusImportId } from './status-api-server.js'
import zipExtract from './zip-extract.scenario.js'

describe('import-pipeline scenarios', () => {
  it('are valid scenarios', () => {
    for (const scenario of [listing, zipExtract, statusApi20, statusApi100]) expect(scenarioProblems(scenario as AnyScenario)).toEqual([])
    expect([statusApi20.id, statusApi100.id]).toEqual(['import-pipeline/status-api', 'import-pipeline/status-api-100'])
  })

  it('list the same files in both listing variants, as verify demands', async () => {
    const result = await runScenario(
      resolveScenario(listing as AnyScenario, { sourceFile: fileURLToPath(new URL('./listing.scenario.ts', import.meta.url)) }),
      {
        runId: '20261123T000000Z-1157',
        seed: 1,
        quick: true,
        rounds: 1,
        warmupRounds: 0,
        environment: collectFingerprint({ cwd: process.cwd() }),
      },
    )
    expect(result.variants.map((v) => [v.name, v.status])).toEqual([
      ['allocate-per-call', 'completed'],
      ['reused-buffers', 'completed'],
    ])
  })

  it('serve the status of a store that a running import keeps writing to', async () => {
    for (const store of ['global-lock', 'fine-grained'] as const) {
      const { server, close } = await createStatusApiLoadServer({ store, imports: 6, logLinesPerImport: 3, writesPerSec: 500 })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      try {
        const list = (await (await fetch(`${base}/imports`)).json()) as { imports: { id: string; state: string }[] }
        expect(list.imports.map((s) => s.state)).toEqual(['done', 'importing', 'done', 'queued', 'done', 'queued'])
        const running = `${base}/imports/${encodeURIComponent(statusImportId(1))}`
        const first = ((await (await fetch(running)).json()) as { rows: number }).rows
        // Poll rather than sleep a fixed time: on a loaded machine the writer's timer may lag.
        let later = first
        for (let i = 0; i < 100 && later <= first; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50))
          later = ((await (await fetch(running)).json()) as { rows: number }).rows
        }
        expect(later).toBeGreaterThan(first)
        const logs = (await (await fetch(`${running}/logs?limit=2`)).json()) as { lines: unknown[] }
        expect(logs.lines).toHaveLength(2)
      } finally {
        await new Promise((resolve) => server.close(resolve))
        await close()
      }
    }
  })
})
