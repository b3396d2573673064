import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectFingerprint } from '../env/collect-fingerprint.js'
import { buildResult } from '../orchestrate/build-result.js'
import { closedModel, httpLoad, openModel } from '../runners/http-load-spec.js'
import { loadBudget } from '../runners/load-budget.js'
import { LoadRecorder } from '../runners/load-recorder.js'
import { resolveScenario } from '../scenario/resolve-scenario.js'
import type { AnyScenario } from '../scenario/scenario.js'
import { createRandom } from '../stats/prng.js'
import type { ResultFile, RoundRecord } from './result-file.js'
import { readResultFile, writeResultFile } from './result-io.js'
import { resultProblems } from './validate-result.js'

/** A round as the http-load runner records it, from a LoadRecorder fed with seeded latencies. */
function fakeRound(round: number, seed: number, open: boolean): RoundRecord {
  const random = createRandom(seed)
  const recorder = new LoadRecorder({
    startMs: 0,
    windowMs: 100,
    routeNames: ['read', 'write'],
    openModel: open,
    lateAfterMs: 10,
    plannedDurationMs: 400,
  })
  for (let t = 0; t < 400; t += 0.5) {
    if (open) recorder.scheduled(t, t, 0.01)
    if (open) recorder.sent(t, random() < 0.01 ? 20 : 0.02)
    if (random() < 0.02) recorder.failure(t, 'status-503', 1)
    else recorder.success(t, 200 + random() * 800, random() < 0.6 ? 0 : 1)
  }
  const out = recorder.finish(400)
  return {
    round,
    position: 0,
    startedAt: '2026-11-23T10:45:12.000Z',
    isolation: 'in-process',
    status: 'ok',
    values: {
      throughputRps: out.ok / 0.4,
      p50LatencyUs: out.merged.getValueAtPercentile(50),
      p95LatencyUs: out.merged.getValueAtPercentile(95),
      p99LatencyUs: out.merged.getValueAtPercentile(99),
    },
    detail: { ok: out.ok, errors: out.errors, measuredMs: out.durationMs },
    load: {
      model: open ? 'open' : 'closed',
      windowMs: 100,
      windows: out.windows,
      errorsByClass: out.errorsByClass,
      routes: out.routes,
      intervals: {},
    },
  }
}

function loadResult(open: boolean): ResultFile {
  const scenario = {
    id: 'test/schema',
    description: 'windows in the result file',
    runner: httpLoad({
      load: open ? openModel({ rate: 2000, durationMs: 400 }) : closedModel({ connections: 4, durationMs: 400 }),
      routes: [
        { name: 'read', weight: 60, path: '/drops' },
        { name: 'write', weight: 40, method: 'POST', path: '/purchase', body: () => ({ quantity: 1 }) },
      ],
    }),
    variants: { a: { baseline: true, server: { module: '/srv/a.js' } }, b: { server: { module: '/srv/b.js' } } },
    budgets: [loadBudget('p95 < 50ms')],
  } as AnyScenario
  const resolved = resolveScenario(scenario)
  return buildResult({
    runId: '20261123T104512Z-3fa9',
    resolved,
    environment: collectFingerprint({ cwd: process.cwd() }),
    session: {
      seed: 5,
      quick: false,
      startedAt: '2026-11-23T10:45:12.000Z',
      finishedAt: '2026-11-23T10:45:13.000Z',
      durationMs: 1000,
      warmupRounds: 0,
      plannedRounds: 3,
      minRounds: 3,
      adaptive: false,
      measuredRounds: 3,
      timeBudgetMs: 1000,
      stopReason: 'rounds-complete',
      schedule: [
        ['a', 'b'],
        ['b', 'a'],
        ['a', 'b'],
      ],
      backgroundCpuCores: null,
      harnessFloorNsPerOp: null,
    },
    variants: ['a', 'b'].map((name, v) => ({
      name,
      baseline: name === 'a',
      description: null,
      status: 'completed' as const,
      statusReason: null,
      rounds: [0, 1, 2].map((r) => fakeRound(r, 10 * v + r + 1, open)),
    })),
    warnings: [],
    error: null,
  })
}

function asDocument(result: ResultFile): Record<string, unknown> {
  return JSON.parse(JSON.stringify(result)) as Record<string, unknown>
}

describe('the result schema with http-load windows', () => {
  it('validates a closed- and an open-model result with windows, routes, intervals and pooled figures', () => {
    for (const open of [false, true]) {
      const result = loadResult(open)
      expect(resultProblems(asDocument(result))).toEqual([])
      const round = result.variants[0]?.rounds[0]
      expect(round?.load?.windows).toHaveLength(4)
      expect(Object.keys(round?.load?.intervals ?? {})).toEqual(
        expect.arrayContaining(['p50LatencyUs', 'p95LatencyUs', 'p99LatencyUs', 'throughputRps']),
      )
      expect(result.variants[0]?.pooled?.values.p95LatencyUs).toBeGreaterThan(0)
      expect(result.budgets.every((b) => b.status === 'pass')).toBe(true)
      expect('droppedRate' in (result.variants[0]?.pooled?.values ?? {})).toBe(open)
    }
  })

  it('still accepts files written before the http-load fields existed', () => {
    const document = asDocument(loadResult(false)) as { variants: { pooled?: unknown; rounds: { load?: unknown }[] }[] }
    for (const variant of document.variants) {
      delete variant.pooled
      for (const round of variant.rounds) delete round.load
    }
    expect(resultProblems(document)).toEqual([])
  })

  it('refuses a damaged window and names the field', () => {
    const document = asDocument(loadResult(true)) as { variants: { rounds: { load: { windows: Record<string, unknown>[] } }[] }[] }
    const window = document.variants[0]?.rounds[0]?.load.windows[1] as Record<string, unknown>
    delete window.histogram
    window.p95LatencyUs = 12
    const problems = resultProblems(document)
    expect(problems).toContain("variants.0.rounds.0.load.windows.1: must have required property 'histogram'")
    expect(problems).toContain("variants.0.rounds.0.load.windows.1: must NOT have additional properties 'p95LatencyUs'")
  })

  it('round-trips a result with windows through an atomic write and a validated read', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dyno-load-schema-'))
    try {
      const result = loadResult(true)
      const file = await writeResultFile(dir, result)
      const read = await readResultFile(file)
      expect(read.variants[1]?.rounds[2]?.load?.windows[0]?.histogram).toBe(result.variants[1]?.rounds[2]?.load?.windows[0]?.histogram)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
