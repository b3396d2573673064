import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AnyScenario, ScenarioContext } from '@dyno/core'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import endToEnd from './end-to-end.scenario.js'

/**
 * The end-to-end scenario's own wiring, on its quick data set and the embedded SQLite target:
 * every generated row must land in the tables, and a second round must start from empty ones.
 */
describe('import-pipeline/end-to-end', () => {
  let tempDir: string
  let context: ScenarioContext
  const scenario = endToEnd as AnyScenario

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'end-to-end-test-'))
    const sqliteFile = path.join(tempDir, 'target.sqlite')
    context = {
      quick: true,
      tempDir,
      seed: 1,
      databases: { mysql: { engine: 'sqlite', url: pathToFileURL(sqliteFile).href, version: '3', provider: 'embedded', settings: {} } },
    }
  })
  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true })
  })

  it('imports every generated row into the target tables, round after round', async () => {
    const fixture = (await scenario.setup?.(context)) as { rows: number; archives: number }
    expect(fixture.archives).toBe(2)
    const variant = scenario.variants['two-files-at-once']
    for (let round = 0; round < 2; round++) {
      const operation = (await variant?.prepare?.(fixture, { ...context, variant: 'two-files-at-once' })) as {
        run(): Promise<{ imported: number; failed: number; rows: number }>
        dispose(): Promise<void>
      }
      const summary = await operation.run()
      await operation.dispose()
      expect(summary).toMatchObject({ imported: 2, failed: 0, rows: fixture.rows })
      expect(scenario.verify?.(summary, { variant: 'two-files-at-once', fixture })).toBe(true)
      const db = new Database(path.join(tempDir, 'target.sqlite'), { readonly: true })
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
      expect(count('athletes') + count('measurements')).toBe(fixture.rows)
      expect(count('athletes') * 4).toBe(count('measurements'))
      db.close()
    }
  })
})
