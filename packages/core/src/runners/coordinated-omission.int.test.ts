import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { runScenario } from '../orchestrate/run-scenario.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import { type AnyScenario, defineScenario } from '../scenario/scenario.js'
import { measureHttpLoadRound } from './http-load-runner.js'
import { closedModel, httpLoad, openModel } from './http-load-spec.js'
import type { ServerSpec } from './http-server-spec.js'

/**
 * Coordinated omission (Gil Tene): a server that stalls for 200 ms every second. Under a
 * fixed arrival rate, every request that arrives during a stall waits for its end, so a
 * fifth of all requests are 0–200 ms late and the p99 must show the stall. A closed loop
 * stops sending while the server stalls, so it cannot see this; its result must say so.
 *
 * The ≥ 150 ms bounds below are properties of the injected 200 ms stall, not of the machine.
 */
const FIXTURE = fileURLToPath(new URL('../../test-fixtures/http-servers.mjs', import.meta.url))
const stalling: ServerSpec = { module: FIXTURE, export: 'createStallingServer', options: { stallMs: 200, everyMs: 1000 } }
const STALL_US = 150_000

describe('a server that stalls 200 ms every second', () => {
  it('shows the stall in the open model: p99 ≥ 150 ms, and requests counted late', async () => {
    const m = await measureHttpLoadRound({
      // 200 req/s with at most 8 connections: the 40 requests due during a stall cannot all be
      // sent, so most wait in the generator, and that wait counts from their scheduled time.
      spec: httpLoad({
        load: openModel({ rate: 200, durationMs: 3000, maxConnections: 8 }),
        routes: [{ name: 'ok', path: '/' }],
        windowMs: 500,
        warmupMs: 200,
      }),
      server: stalling,
      seed: 1,
      quick: false,
    })
    expect(m.values.p99LatencyUs).toBeGreaterThanOrEqual(STALL_US)
    expect((m.detail.late ?? 0) + (m.detail.dropped ?? 0)).toBeGreaterThan(0)
    expect(m.values.lateRate).toBeGreaterThan(0)
    // The windows hold the stall where it happened: some window's p99 sees it, not every one.
    const windowP99s = m.load.windows.map((w) => w.p99LatencyUs ?? 0)
    expect(Math.max(...windowP99s)).toBeGreaterThanOrEqual(STALL_US)
    // And the server's own probe saw its event loop blocked.
    expect(m.detail.serverEventLoopDelayMaxUs).toBeGreaterThanOrEqual(STALL_US)
  })

  it('runs under the closed model too, but its result warns that it cannot see queueing', async () => {
    const scenario = defineScenario({
      id: 'test/stalling-closed',
      description: 'closed loop on a stalling server',
      runner: httpLoad({
        load: closedModel({ connections: 2, durationMs: 400 }),
        routes: [{ name: 'ok', path: '/' }],
        warmupMs: 100,
        windowMs: 100,
      }),
      variants: { a: { baseline: true, server: stalling }, b: { server: stalling } },
    }) as AnyScenario
    const result = await runScenario(resolveScenario(scenario), {
      runId: '20261123T000000Z-c0c0',
      seed: 3,
      quick: false,
      rounds: 1,
      warmupRounds: 0,
      environment: collectFingerprint({ cwd: process.cwd() }),
    })
    expect(result.variants.every((v) => v.status === 'completed')).toBe(true)
    const warning = result.warnings.find((w) => w.code === 'closed-model-hides-queueing')
    expect(warning?.message).toMatch(/coordinated omission/)
    expect(warning?.message).toMatch(/openModel\(\)/)
  })
})
