import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeHistogram, mergeHistograms } from '../stats/latency-histogram.js'
import { measureHttpLoadRound } from './http-load-runner.js'
import { closedModel, type HttpLoadRunnerSpec, httpLoad, openModel, type RouteSpec } from './http-load-spec.js'
import type { ServerSpec } from './http-server-spec.js'

/**
 * The runner against real servers on 127.0.0.1, with tiny budgets: a few hundred ms of load
 * per round. No assertion here depends on how fast the machine is; counts, classes and
 * windows are properties of the load and of the servers' behaviour.
 */
const FIXTURE = fileURLToPath(new URL('../../test-fixtures/http-servers.mjs', import.meta.url))
const echo = (options: object = {}): ServerSpec => ({ module: FIXTURE, export: 'createEchoServer', options })
let tempDir = ''

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'dyno-http-load-'))
})
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true })
})

function round(spec: HttpLoadRunnerSpec, server: ServerSpec = echo(), seed = 1) {
  return measureHttpLoadRound({ spec, server, seed, quick: false })
}

describe('the closed model', () => {
  it('keeps its connections busy for the duration and records every success in µs, window by window', async () => {
    const m = await round(
      httpLoad({
        load: closedModel({ connections: 4, durationMs: 600 }),
        routes: [{ name: 'ok', path: '/ok' }],
        windowMs: 200,
        warmupMs: 100,
      }),
    )
    expect(m.load.model).toBe('closed')
    expect(m.load.windows).toHaveLength(3)
    expect(m.load.windows.map((w) => w.durationMs)).toEqual([200, 200, 200])
    const ok = m.load.windows.reduce((sum, w) => sum + w.ok, 0)
    expect(ok).toBe(m.detail.ok)
    expect(ok).toBeGreaterThan(10)
    expect(m.values.errorRate).toBe(0)
    expect(m.values.throughputRps).toBeCloseTo(ok / 0.6, 6)
    // µs resolution: the merged windows hold every success, with values no histogram in ms could keep.
    const merged = mergeHistograms(m.load.windows.map((w) => decodeHistogram(w.histogram)))
    expect(merged.totalCount).toBe(ok)
    expect(m.values.p50LatencyUs).toBe(merged.getValueAtPercentile(50))
    expect(Number.isInteger(m.values.p99LatencyUs)).toBe(true)
    expect(m.values.serverCpuUserMs).toBeGreaterThan(0)
    expect(m.values.serverMaxActiveHandles).toBeGreaterThanOrEqual(4)
    expect(m.detail.connections).toBe(4)
  })

  it('stops after a request count, and pipelines several requests per connection', async () => {
    const m = await round(
      httpLoad({ load: closedModel({ connections: 2, pipelining: 4, requests: 300 }), routes: [{ name: 'ok', path: '/ok' }], warmupMs: 0 }),
    )
    expect(m.detail.ok).toBe(300)
    expect(m.detail.errors).toBe(0)
    expect(m.detail.pipelining).toBe(4)
  })

  it('handles chunked bodies and servers that close the connection after each response', async () => {
    const m = await round(
      httpLoad({
        load: closedModel({ connections: 2, requests: 100 }),
        routes: [
          { name: 'chunked', path: '/chunked' },
          { name: 'close', path: '/close' },
        ],
        warmupMs: 0,
      }),
    )
    expect(m.detail.ok).toBe(100)
    expect(m.load.errorsByClass).toEqual({})
    expect(m.load.routes.map((r) => r.name)).toEqual(['chunked', 'close'])
  })
})

describe('the request mix', () => {
  const mix: RouteSpec[] = [
    { name: 'read', weight: 60, path: (r) => `/ok?item=${Math.floor(r.random() * 100)}` },
    { name: 'write', weight: 40, method: 'POST', path: '/ok', body: (r) => ({ item: Math.floor(r.random() * 100), n: r.index }) },
  ]

  it('sends two variants exactly the same sequence of requests', async () => {
    const logs = ['a.log', 'b.log'].map((name) => path.join(tempDir, name))
    for (const logFile of logs) {
      await round(httpLoad({ load: closedModel({ connections: 1, requests: 200 }), routes: mix, warmupMs: 0 }), echo({ logFile }), 42)
    }
    const [a, b] = await Promise.all(logs.map((file) => readFile(file, 'utf8')))
    expect(a?.split('\n').length).toBeGreaterThanOrEqual(200)
    expect(b).toBe(a)
  })

  it('splits the load between routes by weight and reports each route', async () => {
    const m = await round(httpLoad({ load: closedModel({ connections: 4, requests: 2000 }), routes: mix, warmupMs: 0 }), echo(), 7)
    const [read, write] = m.load.routes
    expect(read?.name).toBe('read')
    const share = (read?.ok ?? 0) / ((read?.ok ?? 0) + (write?.ok ?? 0))
    // Binomial(2000, 0.6): 4 standard deviations are ±4.4 percentage points.
    expect(share).toBeGreaterThan(0.556)
    expect(share).toBeLessThan(0.644)
    expect(read?.histogram).toBeTypeOf('string')
    expect(write?.p99LatencyUs).toBeGreaterThan(0)
  })
})

describe('errors by class', () => {
  it('counts error statuses, a scenario-defined lock error, timeouts and lost connections apart from successes', async () => {
    const m = await round(
      httpLoad({
        load: closedModel({ connections: 8, durationMs: 800 }),
        routes: [
          { name: 'ok', weight: 4, path: '/ok' },
          { name: 'unavailable', path: '/status/503' },
          { name: 'locked', path: '/busy' },
          { name: 'locked-200', path: '/busy-200' },
          { name: 'hang', weight: 0.05, path: '/hang' },
          { name: 'reset', weight: 0.2, path: '/reset' },
        ],
        errorClasses: { 'lock-error': (r) => r.body.includes('SQLITE_BUSY') },
        timeoutMs: 150,
        windowMs: 200,
        warmupMs: 0,
      }),
    )
    const classes = m.load.errorsByClass
    expect(Object.keys(classes).sort()).toEqual(['connection', 'lock-error', 'status-503', 'timeout'])
    expect(classes['lock-error']).toBeGreaterThan(classes['status-503'] ?? 0) // /busy and /busy-200 both
    expect(m.detail.timeouts).toBe(classes.timeout)
    expect(m.detail.connectionErrors).toBe(classes.connection)
    const errors = Object.values(classes).reduce((a, b) => a + b, 0)
    expect(m.detail.errors).toBe(errors)
    expect(m.values.errorRate).toBeCloseTo(errors / (errors + (m.detail.ok ?? 0)), 12)
    expect(m.load.routes.find((r) => r.name === 'unavailable')?.ok).toBe(0)
    // Only successes enter the histograms.
    const histogramCount = m.load.windows.reduce((sum, w) => sum + decodeHistogram(w.histogram).totalCount, 0)
    expect(histogramCount).toBe(m.detail.ok)
  })
})

describe('the open model', () => {
  it('sends exactly the scheduled requests at a constant rate and reports offered and achieved rates', async () => {
    const m = await round(
      httpLoad({ load: openModel({ rate: 400, durationMs: 1000 }), routes: [{ name: 'ok', path: '/ok' }], windowMs: 250, warmupMs: 100 }),
    )
    expect(m.load.model).toBe('open')
    expect(m.detail.scheduled).toBe(400)
    expect(m.detail.offeredRps).toBe(400)
    expect(m.detail.sent).toBe(400)
    expect((m.detail.ok ?? 0) + (m.detail.errors ?? 0) + (m.detail.dropped ?? 0)).toBe(400)
    expect(m.load.windows.map((w) => w.scheduled)).toEqual([100, 100, 100, 100])
    expect(m.values.throughputRps).toBeGreaterThan(0)
    expect(m.values.droppedRate).toBe(0)
    expect(m.detail.generatorLagP99Us).toBeGreaterThanOrEqual(0)
  })

  it('follows a ramp, and drops what cannot be sent when every connection is stuck', async () => {
    const m = await round(
      httpLoad({
        load: openModel({ startRate: 100, stages: [{ durationMs: 600, targetRate: 300 }], maxConnections: 2, dropAfterMs: 100 }),
        routes: [{ name: 'hang', path: '/hang' }],
        // Long enough that the two stuck requests time out only after the last drop (at ~0.7 s).
        timeoutMs: 1500,
        warmupMs: 0,
        windowMs: 200,
      }),
    )
    // 100 → 300 req/s over 0.6 s schedules 120 requests; both connections hang on their first.
    expect(m.detail.scheduled).toBe(120)
    expect(m.detail.sent).toBe(2)
    expect(m.detail.dropped).toBe(118)
    expect(m.values.droppedRate).toBeCloseTo(118 / 120, 12)
    expect(m.load.errorsByClass.timeout).toBe(2)
  })
})
