import {
  type BudgetCheck,
  type Claim,
  type ClaimCheck,
  type Comparison,
  compareRuns,
  compareWithinRun,
  type Fingerprint,
  type GateResult,
  gate,
  headlineReferenceFractions,
  type MetricPolicy,
  type MetricSpec,
  type ResultFile,
  type RoundRecord,
  type RunComparison,
  type StopReason,
  stats,
  type Warning,
} from '@dyno/core'
import type { HistoryEntry } from '../src/html/report-input.js'

/**
 * Deterministic result files for the report tests, built through the same statistics and
 * comparison code a real run uses (summaries, paired verdicts), from a seeded PRNG and fixed
 * timestamps, so a golden file changes only when a renderer does. Every result validates
 * against the published schema (checked in fixture-results.test.ts).
 */
type Metric = MetricSpec & MetricPolicy

export interface VariantPlan {
  name: string
  baseline?: boolean
  /** The scenario's yardstick: the result records every other variant as a fraction of it. */
  reference?: boolean
  description?: string
  status?: 'completed' | 'errored' | 'invalid'
  statusReason?: string
  /** Typical value of each metric. */
  center: Record<string, number>
  /** Relative round-to-round noise (uniform ±). */
  noise?: number
  /** Relative change from the first to the last round, to make drift visible. */
  drift?: number
  /** Rounds (0-based) that errored. */
  failedRounds?: number[]
}

export interface ScenarioPlan {
  id: string
  description: string
  runner: { kind: string; options: Record<string, string | number | boolean | null> }
  metrics: Metric[]
  variants: VariantPlan[]
  rounds: number
  plannedRounds?: number
  stopReason?: StopReason
  claims?: Claim[]
  budgets?: ResultFile['scenario']['budgets']
  warnings?: Warning[]
  setupError?: string
  seed: number
}

export const MICRO_METRICS: Metric[] = [
  { name: 'nsPerOp', unit: 'ns', better: 'lower', description: 'Median time of one call within the round', gated: true, threshold: 0.05 },
]

export function throughputMetrics(unit: string): Metric[] {
  return [
    {
      name: `${unit}PerSec`,
      unit: `${unit}/s`,
      better: 'higher',
      description: `${unit} processed per second of wall time`,
      gated: true,
      threshold: 0.05,
    },
    { name: 'wallMs', unit: 'ms', better: 'lower', description: 'Wall time of the whole job', gated: false, threshold: 0.05 },
    { name: 'cpuMs', unit: 'ms', better: 'lower', description: 'CPU time (user + system)', gated: false, threshold: 0.05 },
    { name: 'peakRssBytes', unit: 'bytes', better: 'lower', description: 'Peak resident memory', gated: false, threshold: 0.1 },
    { name: 'gcPauseMs', unit: 'ms', better: 'lower', description: 'Total garbage-collection pause', gated: false, threshold: 0.1 },
    {
      name: 'eventLoopUtilization',
      unit: 'fraction',
      better: 'lower',
      description: 'Share of wall time the event loop was busy',
      gated: false,
      threshold: 0.05,
    },
  ]
}

export const LOAD_METRICS: Metric[] = [
  { name: 'requestsPerSec', unit: 'requests/s', better: 'higher', description: 'Achieved request rate', gated: true, threshold: 0.05 },
  { name: 'p50LatencyUs', unit: 'us', better: 'lower', gated: false, threshold: 0.05 },
  { name: 'p90LatencyUs', unit: 'us', better: 'lower', gated: false, threshold: 0.05 },
  { name: 'p99LatencyUs', unit: 'us', better: 'lower', gated: true, threshold: 0.1 },
  { name: 'p999LatencyUs', unit: 'us', better: 'lower', gated: false, threshold: 0.1 },
]

export const ENVIRONMENT: Fingerprint = {
  machineId: '9f46122579a1',
  cpu: { model: 'AMD EPYC 7B13', cores: 2, speedMHz: 2450, arch: 'x64' },
  memoryBytes: 8 * 1024 ** 3,
  os: { platform: 'linux', release: '6.1.0-18-amd64', version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1' },
  runtime: { node: '20.20.2', v8: '11.3.244.8-node.38', uv: '1.46.0' },
  timezone: 'UTC',
  git: { sha: '2c6c60743627aa9981ba4bfaa25f105bb043670f', branch: 'main', dirty: false },
  loadAverage: [0.42, 0.38, 0.3],
  packages: { '@dyno/core': '0.1.0' },
  databases: [],
  dataset: null,
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** Holds a claim against the comparison (same rule as core's claim check). */
function checkClaim(claim: Claim, comparisons: readonly Comparison[]): ClaimCheck {
  const c = comparisons.find((x) => x.metric.name === claim.metric && x.head.variant === claim.variant)
  const estimate = c?.ratio.estimate ?? null
  if (c === undefined || estimate === null) return { claim, measured: null, status: 'not-measured' }
  const { low, high } = c.ratio
  const min = claim.ratio.min ?? Number.NEGATIVE_INFINITY
  const max = claim.ratio.max ?? Number.POSITIVE_INFINITY
  const status =
    estimate >= min && estimate <= max
      ? 'confirmed'
      : low !== null && high !== null && (high < min || low > max)
        ? 'contradicted'
        : 'not-confirmed'
  return { claim, measured: { estimate, low, high }, status }
}

export function buildResult(plan: ScenarioPlan, runId: string, startMs: number, environment: Fingerprint = ENVIRONMENT): ResultFile {
  const random = stats.createRandom(plan.seed)
  const roundMs = 400
  const failedSetup = plan.setupError !== undefined
  const rounds = failedSetup ? 0 : plan.rounds
  const schedule: string[][] = []
  const roundsByVariant = new Map<string, RoundRecord[]>(plan.variants.map((v) => [v.name, []]))
  for (let round = 0; round < rounds; round++) {
    const names = plan.variants.map((v) => v.name)
    const order = round % 2 === 0 ? names : [...names].reverse()
    schedule.push(order)
    // A shared per-round factor: what pairing cancels (a busy neighbour in this round).
    const shared = 1 + (random() - 0.5) * 0.04
    order.forEach((name, position) => {
      const v = plan.variants.find((x) => x.name === name) as VariantPlan
      const startedAt = iso(startMs + (round * order.length + position) * roundMs)
      const failed = v.status === 'errored' || v.status === 'invalid' ? round >= 2 : (v.failedRounds ?? []).includes(round)
      if (failed) {
        const record: RoundRecord = {
          round,
          position,
          startedAt,
          isolation: 'in-process',
          status: v.status === 'invalid' ? 'invalid' : 'errored',
          values: {},
          detail: {},
        }
        if (v.status === 'invalid') record.invalidReason = v.statusReason ?? 'output did not verify'
        else record.error = { name: 'Error', message: v.statusReason ?? 'round failed' }
        roundsByVariant.get(name)?.push(record)
        return
      }
      const trend = 1 + (v.drift ?? 0) * (rounds > 1 ? round / (rounds - 1) : 0)
      const values: Record<string, number> = {}
      for (const metric of plan.metrics) {
        const center = v.center[metric.name]
        if (center === undefined) continue
        const noise = 1 + (random() - 0.5) * 2 * (v.noise ?? 0.02)
        const drifted = metric.better === 'higher' ? center / trend : center * trend
        values[metric.name] = metric.unit === 'fraction' ? Math.min(1, center * noise) : drifted * noise * shared
      }
      roundsByVariant
        .get(name)
        ?.push({ round, position, startedAt, isolation: 'in-process', status: 'ok', values, detail: { samples: 40 } })
    })
  }
  const variants = plan.variants.map((v) => {
    const records = roundsByVariant.get(v.name) ?? []
    const summaries: ResultFile['variants'][number]['summaries'] = {}
    for (const metric of plan.metrics) {
      const values = records.flatMap((r) =>
        r.status === 'ok' && r.values[metric.name] !== undefined ? [r.values[metric.name] as number] : [],
      )
      if (values.length > 0)
        summaries[metric.name] = stats.summarize(values, stats.createRandom(plan.seed ^ stats.seedFromString(`${v.name}/${metric.name}`)))
    }
    return {
      name: v.name,
      baseline: v.baseline === true,
      description: v.description ?? null,
      status: failedSetup ? ('skipped' as const) : (v.status ?? 'completed'),
      statusReason: failedSetup ? 'setup failed' : (v.statusReason ?? null),
      rounds: records,
      summaries,
    }
  })
  const baseline = plan.variants.find((v) => v.baseline)?.name ?? plan.variants[0]?.name ?? 'baseline'
  const reference = plan.variants.find((v) => v.reference)?.name
  const durationMs = rounds * plan.variants.length * roundMs
  const result: ResultFile = {
    schemaVersion: 1,
    kind: 'dyno-result',
    runId,
    dynoVersion: '0.1.0',
    scenario: {
      id: plan.id,
      description: plan.description,
      runner: plan.runner,
      baselineVariant: baseline,
      ...(reference !== undefined ? { referenceVariant: reference } : {}),
      metrics: plan.metrics,
      claims: plan.claims ?? [],
      budgets: plan.budgets ?? [],
      requires: [],
      tags: [],
      sourceFile: `scenarios/${plan.id}.scenario.ts`,
    },
    environment,
    session: {
      seed: plan.seed,
      quick: false,
      startedAt: iso(startMs),
      finishedAt: iso(startMs + durationMs),
      durationMs,
      warmupRounds: failedSetup ? 0 : 1,
      plannedRounds: plan.plannedRounds ?? plan.rounds,
      minRounds: Math.min(8, plan.plannedRounds ?? plan.rounds),
      adaptive: plan.stopReason !== undefined,
      measuredRounds: rounds,
      timeBudgetMs: 90_000,
      stopReason: failedSetup ? 'setup-failed' : (plan.stopReason ?? 'rounds-complete'),
      schedule,
      backgroundCpuCores: 0.1,
      harnessFloorNsPerOp: plan.runner.kind === 'micro' ? 2.1 : null,
    },
    variants,
    comparisons: [],
    claims: [],
    budgets: [],
    warnings: [...(plan.warnings ?? [])],
    outcome: failedSetup ? 'errored' : 'completed',
    error: failedSetup ? { name: 'Error', message: plan.setupError as string } : null,
  }
  result.comparisons = compareWithinRun([result])
  if (reference !== undefined) result.references = headlineReferenceFractions(result)
  result.claims = (plan.claims ?? []).map((c) => checkClaim(c, result.comparisons))
  result.budgets = (plan.budgets ?? []).flatMap((budget) =>
    variants
      .filter((v) => budget.variant === undefined || budget.variant === v.name)
      .map((v): BudgetCheck => {
        const summary = v.summaries[budget.metric]
        if (summary === undefined || v.status !== 'completed') return { budget, variant: v.name, value: null, status: 'not-measured' }
        const value = summary.median
        const fails = (budget.max !== undefined && value >= budget.max) || (budget.min !== undefined && value <= budget.min)
        return { budget, variant: v.name, value, status: fails ? 'fail' : 'pass' }
      }),
  )
  for (const v of variants) {
    if (v.status === 'errored' || v.status === 'invalid') {
      result.warnings.push({
        code: `variant-${v.status}`,
        severity: 'error',
        variant: v.name,
        message: `${v.name} is ${v.status}: ${v.statusReason ?? 'no reason recorded'}`,
      })
    }
  }
  if (!failedSetup) {
    const base = variants.find((v) => v.baseline)
    result.outcome =
      base === undefined || base.status !== 'completed'
        ? 'errored'
        : variants.every((v) => v.status === 'completed')
          ? 'completed'
          : 'partial'
  }
  return result
}

const PATTERN_CLAIM: Claim = {
  metric: 'nsPerOp',
  variant: 'compiled-once',
  ratio: { max: 0.6535947712418301 },
  source: 'seeds/001_0bb65736470de125.txt',
  text: 'Pattern matching: ~153,000 ns/op for 1,000 files; compiling patterns once should bring it under the 100 µs target',
}

/** A variant name and texts that try to break out of the markup: they must render as text. */
export const HOSTILE_VARIANT = '<img src=x onerror="window.pwned=1">'
export const HOSTILE_DESCRIPTION = 'Extract </script><script>window.pwned=2</script> & <b>bold</b> entries'

export interface SuiteOptions {
  /** Multiplies compiled-once's time: 1.3 makes HEAD 30% slower than BASE. */
  patternSlowdown?: number
  /** Leave the hostile scenario out (e.g. for a clean baseline). */
  withoutHostile?: boolean
  /** Added to every scenario's seed, so another run gets other noise. */
  seedOffset?: number
}

/** Plans for a run with one scenario of every kind the report handles, and every kind of trouble. */
export function suitePlans(options: SuiteOptions = {}): ScenarioPlan[] {
  const slow = options.patternSlowdown ?? 1
  const plans: ScenarioPlan[] = [
    {
      id: 'import-pipeline/pattern-match',
      description: 'Filter a 1,000-name remote listing against 8 glob/regex patterns: compiled on every call vs compiled once',
      runner: { kind: 'micro', options: {} },
      metrics: MICRO_METRICS,
      variants: [
        { name: 'compile-per-call', baseline: true, center: { nsPerOp: 1.4e6 }, noise: 0.01 },
        { name: 'compiled-once', center: { nsPerOp: 91_000 * slow }, noise: 0.01 },
      ],
      rounds: 20,
      claims: [PATTERN_CLAIM],
      budgets: [{ metric: 'nsPerOp', variant: 'compiled-once', max: 100_000, reason: "seed 001's 100 µs target" }],
      seed: 2121228572,
    },
    {
      id: 'sync-engine/full-sync',
      description: 'Copy 50,000 rows from Firebird to MySQL: row-by-row inserts vs batched upserts',
      runner: { kind: 'throughput', options: { unit: 'rows', units: 'computed from the output', isolation: 'auto' } },
      metrics: throughputMetrics('rows'),
      variants: [
        {
          name: 'naive',
          baseline: true,
          description: 'one INSERT per row, autocommit',
          center: {
            rowsPerSec: 2100,
            wallMs: 23_800,
            cpuMs: 9_100,
            peakRssBytes: 96 * 1024 ** 2,
            gcPauseMs: 41,
            eventLoopUtilization: 0.38,
          },
          noise: 0.04,
        },
        {
          name: 'batched',
          description: '1,000-row multi-value upserts in one transaction',
          center: {
            rowsPerSec: 31_500,
            wallMs: 1_590,
            cpuMs: 1_210,
            peakRssBytes: 141 * 1024 ** 2,
            gcPauseMs: 22,
            eventLoopUtilization: 0.81,
          },
          noise: 0.05,
          drift: 0.12,
        },
        {
          name: 'batched-no-verify',
          description: 'batched without the final row-count check',
          status: 'invalid',
          statusReason: 'verify: 1,204 of 50,000 rows missing in the target table',
          center: {
            rowsPerSec: 33_000,
            wallMs: 1_500,
            cpuMs: 1_150,
            peakRssBytes: 139 * 1024 ** 2,
            gcPauseMs: 21,
            eventLoopUtilization: 0.8,
          },
        },
      ],
      rounds: 10,
      claims: [
        {
          metric: 'rowsPerSec',
          variant: 'batched',
          ratio: { min: 10, max: 30 },
          source: 'seeds/000_sync.txt',
          text: 'Batching made the sync 10–30× faster',
        },
      ],
      warnings: [
        {
          code: 'busy-machine',
          severity: 'warning',
          message: 'other processes used 0.9 CPU cores on average during this scenario; figures are noisier than usual',
        },
      ],
      seed: 77,
    },
    {
      id: 'account-service/get-account',
      description: 'GET /accounts/:id at 2,000 requests/s: in-memory store vs SQLite store (WAL)',
      runner: { kind: 'http-load', options: { model: 'open', ratePerSec: 2000, windowMs: 1000 } },
      metrics: LOAD_METRICS,
      variants: [
        {
          name: 'memory',
          baseline: true,
          center: { requestsPerSec: 1998, p50LatencyUs: 410, p90LatencyUs: 720, p99LatencyUs: 1_900, p999LatencyUs: 5_200 },
          noise: 0.03,
        },
        {
          name: 'sqlite-wal',
          center: { requestsPerSec: 1990, p50LatencyUs: 640, p90LatencyUs: 1_300, p99LatencyUs: 4_800, p999LatencyUs: 21_000 },
          noise: 0.06,
          failedRounds: [7],
        },
      ],
      rounds: 12,
      plannedRounds: 20,
      stopReason: 'time-budget',
      claims: [
        {
          metric: 'p99LatencyUs',
          variant: 'sqlite-wal',
          ratio: { max: 1.5 },
          source: 'seeds/002_sqlite.txt',
          text: 'WAL mode keeps p99 within 1.5× of the in-memory store',
        },
      ],
      seed: 4242,
    },
    {
      id: 'import-pipeline/zip-extract',
      description: options.withoutHostile ? 'Extract 200 entries from a ZIP archive' : HOSTILE_DESCRIPTION,
      runner: { kind: 'micro', options: { roundMs: 200 } },
      metrics: MICRO_METRICS,
      variants: [
        { name: 'yauzl', baseline: true, center: { nsPerOp: 58_000 }, noise: 0.08 },
        { name: options.withoutHostile ? 'streaming' : HOSTILE_VARIANT, center: { nsPerOp: 56_500 }, noise: 0.08 },
        { name: 'lazy', center: { nsPerOp: 0.23 }, noise: 0.01 },
      ],
      rounds: 14,
      warnings: [
        {
          code: 'implausible-speed',
          severity: 'error',
          variant: 'lazy',
          metric: 'nsPerOp',
          message: 'lazy took 0.23 ns per call, less than one CPU cycle: the work was most likely optimised away or never ran',
        },
      ],
      seed: 9,
    },
    {
      id: 'sync-engine/incremental',
      description: 'Sync only rows changed since the last run',
      runner: { kind: 'throughput', options: { unit: 'rows' } },
      metrics: throughputMetrics('rows'),
      variants: [
        { name: 'naive', baseline: true, center: {} },
        { name: 'watermark', center: {} },
      ],
      rounds: 10,
      setupError: 'cannot reach MySQL at 127.0.0.1:3306 (ECONNREFUSED)',
      seed: 5,
    },
  ]
  return plans
}

export const RUN_START = Date.UTC(2026, 10, 23, 10, 56, 43)

/**
 * A load scenario with a reference variant, as accounts/phases runs the bare node:http
 * server beside the phases: the result carries each other variant's throughput as a
 * fraction of the ceiling. One phase's name tries to break out of the markup.
 */
export function referenceResult(): ResultFile {
  return buildResult(
    {
      id: 'accounts/phases',
      description: 'Account service phases and the node:http ceiling',
      runner: { kind: 'http-load', options: { model: 'closed', connections: 128 } },
      metrics: LOAD_METRICS,
      variants: [
        { name: 'baseline', baseline: true, center: { requestsPerSec: 2_000, p99LatencyUs: 90_000 }, noise: 0.03 },
        { name: 'phase2', center: { requestsPerSec: 7_100, p99LatencyUs: 30_000 }, noise: 0.03 },
        { name: HOSTILE_VARIANT, center: { requestsPerSec: 5_000, p99LatencyUs: 40_000 }, noise: 0.03 },
        { name: 'node-http-ceiling', reference: true, center: { requestsPerSec: 10_000, p99LatencyUs: 20_000 }, noise: 0.03 },
      ],
      rounds: 12,
      seed: 404,
    },
    RUN_ID,
    RUN_START,
  )
}

export function buildRun(runId: string, options: SuiteOptions = {}, startMs = RUN_START, environment = ENVIRONMENT): ResultFile[] {
  return suitePlans(options).map((plan, i) =>
    buildResult({ ...plan, seed: plan.seed + (options.seedOffset ?? 0) }, runId, startMs + i * 60_000, environment),
  )
}

export const RUN_ID = '20261123T105643Z-0d8d'

/** One run with every kind of scenario and trouble, its suite-wide verdicts and the gate, as `dyno run` computes them. */
export function fixtureRun(): { results: ResultFile[]; comparisons: Comparison[]; gate: GateResult } {
  const results = buildRun(RUN_ID)
  const comparisons = compareWithinRun(results)
  return { results, comparisons, gate: gate({ comparisons, results }) }
}

export const HEAD_ENVIRONMENT: Fingerprint = {
  ...ENVIRONMENT,
  runtime: { ...ENVIRONMENT.runtime, node: '20.21.0' },
  git: { sha: '8d1e0c1b5f3a47d2a9c0e6b7f4d2c1a0b9e8d7c6', branch: 'feature/<b>faster</b>', dirty: true },
  loadAverage: [1.12, 0.9, 0.7],
}

/**
 * BASE and HEAD as `dyno compare` sees them: HEAD made compiled-once 30% slower, ran on a
 * newer Node patch release from a dirty feature branch, dropped one scenario and added one.
 */
export function fixtureCompare(): { base: ResultFile[]; head: ResultFile[]; comparison: RunComparison; gate: GateResult } {
  const base = buildRun(RUN_ID, { withoutHostile: true })
  const headRun = '20261124T091500Z-1a2b'
  const head = buildRun(
    headRun,
    { patternSlowdown: 1.3, withoutHostile: true, seedOffset: 1 },
    RUN_START + 86_400_000,
    HEAD_ENVIRONMENT,
  ).filter((r) => r.scenario.id !== 'sync-engine/incremental')
  head.push(
    buildResult(
      {
        id: 'import-pipeline/list-remote',
        description: 'List 1,000 files over SFTP: readdir per directory vs one recursive listing',
        runner: { kind: 'micro', options: {} },
        metrics: MICRO_METRICS,
        variants: [
          { name: 'per-directory', baseline: true, center: { nsPerOp: 2.2e6 } },
          { name: 'recursive', center: { nsPerOp: 1.1e6 } },
        ],
        rounds: 10,
        seed: 31,
      },
      headRun,
      RUN_START + 86_400_000 + 600_000,
      HEAD_ENVIRONMENT,
    ),
  )
  const comparison = compareRuns(base, head, { base: 'main', head: headRun })
  return { base, head, comparison, gate: gate({ comparisons: comparison.comparisons, results: head }) }
}

/** Saved baselines, oldest first: compiled-once got faster release by release. */
export function fixtureHistory(): HistoryEntry[] {
  return [
    {
      label: 'v0.1',
      results: buildRun('20260901T100000Z-0001', { patternSlowdown: 1.9, withoutHostile: true, seedOffset: 11 }, Date.UTC(2026, 8, 1)),
    },
    {
      label: 'v0.2',
      results: buildRun('20261001T100000Z-0002', { patternSlowdown: 1.4, withoutHostile: true, seedOffset: 12 }, Date.UTC(2026, 9, 1)),
    },
    {
      label: 'v0.3',
      results: buildRun('20261101T100000Z-0003', { patternSlowdown: 1.05, withoutHostile: true, seedOffset: 13 }, Date.UTC(2026, 10, 1)),
    },
  ]
}

/**
 * A run as large as a full `dyno run` of every system is expected to become: `copies` times
 * the five-scenario suite (so 12+ scenarios, throughput ones with six metrics), each with 20
 * rounds where the plan allows.
 */
export function largeRun(copies: number): ResultFile[] {
  const results: ResultFile[] = []
  for (let c = 0; c < copies; c++) {
    suitePlans({ withoutHostile: true, seedOffset: c }).forEach((plan, i) => {
      const [system, name] = plan.id.split('/') as [string, string]
      results.push(
        buildResult(
          {
            ...plan,
            id: `${system}/${name}-${c + 1}`,
            rounds: Math.max(plan.rounds, 20),
            plannedRounds: 20,
            stopReason: 'rounds-complete',
            seed: plan.seed + c,
          },
          RUN_ID,
          RUN_START + (c * 5 + i) * 60_000,
        ),
      )
    })
  }
  return results
}
