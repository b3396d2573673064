import { describe, expect, it } from 'vitest'
import { decodeHistogram } from '../stats/latency-histogram.js'
import { LoadRecorder } from './load-recorder.js'

function recorder(options: { plannedDurationMs?: number; openModel?: boolean } = {}) {
  return new LoadRecorder({
    startMs: 1000,
    windowMs: 100,
    routeNames: ['read', 'write'],
    openModel: options.openModel ?? false,
    lateAfterMs: 10,
    plannedDurationMs: options.plannedDurationMs ?? 300,
  })
}

describe('LoadRecorder', () => {
  it('puts each success into the window in which it completed, with its own histogram', () => {
    const r = recorder()
    r.success(1010, 150, 0)
    r.success(1099, 250, 1)
    r.success(1100, 2000, 0) // the first instant of the second window
    r.success(1250, 80, 0)
    const out = r.finish(1300)
    expect(out.windows.map((w) => [w.startMs, w.durationMs, w.ok])).toEqual([
      [0, 100, 2],
      [100, 100, 1],
      [200, 100, 1],
    ])
    expect(decodeHistogram(out.windows[1]?.histogram as string).getValueAtPercentile(100)).toBe(2000)
    expect(out.windows[0]?.p99LatencyUs).toBe(250)
    expect(out.windows[0]?.maxLatencyUs).toBe(250)
    expect(out.merged.totalCount).toBe(4)
    expect(out.durationMs).toBe(300)
  })

  it('gives windows exact lengths whatever fraction of a millisecond the clock started at', () => {
    const t0 = 8_123_456.789_012_3
    const r = new LoadRecorder({ startMs: t0, windowMs: 200, routeNames: ['a'], openModel: false, lateAfterMs: 10, plannedDurationMs: 600 })
    for (let t = t0; t < t0 + 600; t += 7.3) r.success(t, 100, 0)
    const out = r.finish(t0 + 600)
    expect(out.windows.map((w) => [w.startMs, w.durationMs])).toEqual([
      [0, 200],
      [200, 200],
      [400, 200],
    ])
    expect(out.durationMs).toBe(600)
  })

  it('keeps silent windows (a stalled server) as empty windows rather than skipping them', () => {
    const r = recorder({ plannedDurationMs: 500 })
    r.success(1010, 100, 0)
    r.success(1420, 100, 0)
    const out = r.finish(1500)
    expect(out.windows.map((w) => w.ok)).toEqual([1, 0, 0, 0, 1])
    expect(out.windows[2]?.p50LatencyUs).toBeNull()
  })

  it('lets the last window absorb the drain after the planned end instead of leaving a sliver', () => {
    const r = recorder({ plannedDurationMs: 300, openModel: true })
    r.success(1290, 100, 0)
    r.success(1304, 100, 0) // completes during the drain
    const out = r.finish(1304.5)
    expect(out.windows).toHaveLength(3)
    expect(out.windows[2]?.durationMs).toBeCloseTo(104.5, 9)
    expect(out.windows[2]?.ok).toBe(2)
  })

  it('counts errors by class and by route, apart from the latency histogram', () => {
    const r = recorder()
    r.success(1010, 100, 0)
    r.failure(1020, 'status-503', 1)
    r.failure(1030, 'status-503', 1)
    r.failure(1150, 'timeout', 0)
    const out = r.finish(1300)
    expect(out.errorsByClass).toEqual({ 'status-503': 2, timeout: 1 })
    expect(out.windows.map((w) => w.errors)).toEqual([2, 1, 0])
    expect(out.merged.totalCount).toBe(1)
    expect(out.routes.map((route) => [route.name, route.ok, route.errors])).toEqual([
      ['read', 1, 1],
      ['write', 0, 2],
    ])
    expect(out.routes.every((route) => typeof route.histogram === 'string')).toBe(true)
  })

  it("counts the open model's scheduled, late and dropped requests per window", () => {
    const r = recorder({ openModel: true })
    r.scheduled(1001, 1, 0.01)
    r.sent(1001, 0.01)
    r.scheduled(1002, 2, 0.02)
    r.sent(1040, 38) // waited 38 ms for a connection: late
    r.scheduled(1110, 110, 0.5)
    r.scheduled(1200.2, 99.9, 100.3) // taken up late, after its window closed: still counted there
    r.dropped(1210)
    const out = r.finish(1300)
    expect(out.windows.map((w) => [w.scheduled, w.late, w.dropped])).toEqual([
      [3, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ])
    expect([out.scheduled, out.sent, out.late, out.dropped]).toEqual([4, 2, 1, 1])
    expect(out.generatorLag.totalCount).toBe(4)
  })

  it('leaves scheduled, late and dropped out of closed-model windows', () => {
    const r = recorder()
    r.success(1010, 100, 0)
    expect(r.finish(1300).windows[0]).not.toHaveProperty('scheduled')
  })
})
