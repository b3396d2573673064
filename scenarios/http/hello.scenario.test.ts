import { fileURLToPath } from 'node:url'
import {
  type AnyScenario,
  collectFingerprint,
  referenceFraction,
  resolveScenario,
  resultProblems,
  runScenario,
  scenarioProblems,
} from '@dyno/core'
import { describe, expect, it } from 'vitest'
import hello from './hello.scenario.js'
import { nodeHttpCeiling } from './reference-server.js'

describe('http/hello', () => {
  it('is a valid scenario whose variants start @sut/http-reference with their own body option', () => {
    expect(scenarioProblems(hello as AnyScenario)).toEqual([])
    const servers = Object.values(hello.variants).map((v) => v.server)
    expect(servers.map((s) => (typeof s === 'object' ? s.options : null))).toEqual([{ body: 'stringify' }, { body: 'prebuilt' }])
    for (const server of servers) expect(typeof server === 'object' && server.module).toMatch(/http-reference\/dist\/index\.js$/)
  })

  it('runs end to end in a quick round, and the ceiling helper slots into it as a third variant', async () => {
    const withCeiling = { ...hello, variants: { ...hello.variants, 'node-http-ceiling': nodeHttpCeiling() } } as AnyScenario
    const result = await runScenario(
      resolveScenario(withCeiling, { sourceFile: fileURLToPath(new URL('./hello.scenario.ts', import.meta.url)) }),
      {
        runId: '20261123T000000Z-4e11',
        seed: 1,
        quick: true,
        rounds: 1,
        warmupRounds: 0,
        environment: collectFingerprint({ cwd: process.cwd() }),
      },
    )
    expect(resultProblems(JSON.parse(JSON.stringify(result)))).toEqual([])
    expect(result.variants.map((v) => [v.name, v.status])).toEqual([
      ['stringify-per-request', 'completed'],
      ['prebuilt-buffer', 'completed'],
      ['node-http-ceiling', 'completed'],
    ])
    expect(result.budgets.every((b) => b.status === 'pass')).toBe(true)
    const fraction = referenceFraction(result, { variant: 'stringify-per-request', reference: 'node-http-ceiling' })
    expect(fraction?.pairs).toBe(1)
    expect(fraction?.estimate).toBeGreaterThan(0)
  })
})
