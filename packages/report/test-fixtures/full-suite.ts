import { type LoadWindowRecord, type ResultFile, stats } from '@dyno/core'
import { buildResult, RUN_ID, RUN_START, type ScenarioPlan, throughputMetrics, type VariantPlan } from './fixture-results.js'

/**
 * The largest report the suite that ships with dyno can produce: its 14 scenarios as `dyno
 * list` shows them (runner, variants, every metric each runner records), each at the most
 * rounds a full `dyno run` allows its runner (`defaultRounds`: 30 for http-load and
 * throughput, 60 for micro), load rounds with 1 s windows over the 10 s default load and
 * merged histograms. A full run stops earlier on precision, so a real report is smaller; the
 * size test holds this one under the 1 MB.
 */
type Metric = ScenarioPlan['metrics'][number]

const MAX_ROUNDS = { micro: 60, throughput: 30, 'http-load': 30 } as const
const LOAD_WINDOWS = 10

function metric(name: string, unit: Metric['unit'], better: Metric['better'], gated = false): Metric {
  return { name, unit, better, gated, threshold: 0.05 }
}

const SERVER_METRICS: Metric[] = [
  metric('serverCpuUsPerRequest', 'us', 'lower'),
  metric('serverCpuUserMs', 'ms', 'lower'),
  metric('serverCpuSystemMs', 'ms', 'lower'),
  metric('serverPeakRssBytes', 'bytes', 'lower'),
  metric('serverGcPauseMs', 'ms', 'lower'),
  metric('serverGcMaxPauseMs', 'ms', 'lower'),
  metric('serverEventLoopDelayP99Us', 'us', 'lower'),
  metric('serverMaxActiveHandles', 'count', 'lower'),
]

function loadMetrics(open: boolean): Metric[] {
  return [
    metric('throughputRps', 'req/s', 'higher', true),
    metric('p50LatencyUs', 'us', 'lower'),
    metric('p95LatencyUs', 'us', 'lower', true),
    metric('p99LatencyUs', 'us', 'lower'),
    metric('errorRate', 'fraction', 'lower', true),
    ...(open ? [metric('droppedRate', 'fraction', 'lower'), metric('lateRate', 'fraction', 'lower')] : []),
    ...SERVER_METRICS,
  ]
}

const MICRO: Metric[] = [metric('nsPerOp', 'ns', 'lower', true)]

interface Shape {
  id: string
  kind: keyof typeof MAX_ROUNDS
  variants: string[]
  metrics: Metric[]
}

export const SUITE_SHAPES: Shape[] = [
  {
    id: 'accounts/phases',
    kind: 'http-load',
    variants: ['baseline', 'phase1', 'phase2', 'phase3', 'node-http-ceiling'],
    metrics: loadMetrics(false),
  },
  { id: 'accounts/sqlite-split', kind: 'http-load', variants: ['sqlite-single', 'sqlite-split'], metrics: loadMetrics(true) },
  { id: 'http/hello', kind: 'http-load', variants: ['stringify-per-request', 'prebuilt-buffer'], metrics: loadMetrics(false) },
  {
    id: 'import-pipeline/end-to-end',
    kind: 'throughput',
    variants: ['one-file-at-a-time', 'two-files-at-once'],
    metrics: throughputMetrics('bytes'),
  },
  { id: 'import-pipeline/listing', kind: 'micro', variants: ['allocate-per-call', 'reused-buffers'], metrics: MICRO },
  { id: 'import-pipeline/pattern-match', kind: 'micro', variants: ['compile-per-call', 'compiled-once'], metrics: MICRO },
  {
    id: 'import-pipeline/sql-parse',
    kind: 'throughput',
    variants: ['regex-per-statement', 'streaming-tokenizer'],
    metrics: throughputMetrics('bytes'),
  },
  { id: 'import-pipeline/status-api-100', kind: 'http-load', variants: ['global-lock', 'fine-grained'], metrics: loadMetrics(false) },
  { id: 'import-pipeline/status-api', kind: 'http-load', variants: ['global-lock', 'fine-grained'], metrics: loadMetrics(false) },
  {
    id: 'import-pipeline/zip-extract',
    kind: 'throughput',
    variants: ['buffer-entry', 'stream', 'info-zip-unzip-p'],
    metrics: throughputMetrics('bytes'),
  },
  {
    id: 'sync/batch-size',
    kind: 'throughput',
    variants: ['adaptive', 'fixed-100', 'fixed-500', 'fixed-1000', 'fixed-2000', 'fixed-5000'],
    metrics: throughputMetrics('rows'),
  },
  {
    id: 'sync/firebird-to-mysql',
    kind: 'throughput',
    variants: ['naive', 'optimized', 'optimized-in-thread'],
    metrics: throughputMetrics('rows'),
  },
  { id: 'sync/incremental', kind: 'throughput', variants: ['full-resync', 'incremental'], metrics: throughputMetrics('rows') },
  { id: 'sync/memory-by-table-size', kind: 'throughput', variants: ['rows-100k', 'rows-1m'], metrics: throughputMetrics('rows') },
]

/** Plausible, distinct centres: each variant a little faster than the one before, every metric its own scale. */
function centres(shape: Shape, variantIndex: number): Record<string, number> {
  const speedUp = 1 + variantIndex * 0.15
  return Object.fromEntries(
    shape.metrics.map((m, i) => {
      const scale = m.unit === 'fraction' ? 0.01 + i * 0.001 : 10 ** (2 + (i % 5)) * (1 + i / 10)
      return [m.name, m.better === 'higher' ? scale * speedUp : scale / speedUp]
    }),
  )
}

function loadWindows(rate: number, seed: number): LoadWindowRecord[] {
  const random = stats.createRandom(seed)
  return Array.from({ length: LOAD_WINDOWS }, (_, i) => ({
    startMs: i * 1000,
    durationMs: 1000,
    ok: Math.round(rate * (0.9 + random() * 0.2)),
    errors: 0,
    p50LatencyUs: 400,
    p99LatencyUs: 1900,
    maxLatencyUs: 5200,
    histogram: '',
  }))
}

function mergedHistogram(seed: number): string {
  const random = stats.createRandom(seed)
  const histogram = stats.createLatencyHistogram()
  // A long-tailed latency distribution: mostly a few hundred µs, now and then far slower.
  for (let i = 0; i < 20_000; i++) stats.recordLatencyUs(histogram, 200 + 300 * (-Math.log(1 - random())) ** 2)
  return stats.encodeHistogram(histogram)
}

/** Every scenario of the suite at its runner's most rounds, as one run's result files. */
export function fullSuiteWorstCase(): ResultFile[] {
  return SUITE_SHAPES.map((shape, s) => {
    const variants: VariantPlan[] = shape.variants.map((name, v) => ({
      name,
      baseline: v === 0,
      center: centres(shape, v),
      noise: 0.05,
    }))
    const rounds = MAX_ROUNDS[shape.kind]
    const plan: ScenarioPlan = {
      id: shape.id,
      description: `${shape.id} at its runner's most rounds`,
      runner: { kind: shape.kind, options: {} },
      metrics: shape.metrics,
      variants,
      rounds,
      seed: 1000 + s,
    }
    const result = buildResult(plan, RUN_ID, RUN_START + s * 600_000)
    if (shape.kind !== 'http-load') return result
    return {
      ...result,
      variants: result.variants.map((variant, v) => ({
        ...variant,
        rounds: variant.rounds.map((round) =>
          round.status !== 'ok'
            ? round
            : {
                ...round,
                load: {
                  model: 'closed' as const,
                  windowMs: 1000,
                  windows: loadWindows(round.values.throughputRps ?? 1000, s * 1000 + v * 100 + round.round),
                  errorsByClass: {},
                  routes: [],
                  intervals: {},
                },
              },
        ),
        pooled: { method: 'merged histograms', rounds, values: {}, intervals: {}, histogram: mergedHistogram(s * 10 + v) },
      })),
    }
  })
}
