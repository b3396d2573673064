/**
 * Gate accuracy benchmark: how often dyno's full decision (adaptive sampling + verdict) calls
 * an unchanged variant regressed, how often it catches injected slowdowns of 2–20%, and how
 * long it takes, on four workloads with different noise shapes. The same per-round samples
 * are also judged by a benchstat-style test and by a fixed 5% rule on medians.
 *
 *   npm run bench:gate             # full: 60 A/A + 20 trials per slowdown per workload (≈ 30 min)
 *   npm run bench:gate -- --quick  # 4 A/A + 2 trials per slowdown per workload, 8 s budget (< 3 min)
 *
 * Writes results/gate-accuracy/<run-id>.json (or --out DIR) and prints a table.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  type AnyScenario,
  collectFingerprint,
  defineScenario,
  micro,
  newRunId,
  type ResultFile,
  resolveScenario,
  runScenario,
  stats,
  writeJsonAtomic,
} from '../../src/index.js'
import { allocWorkload } from './alloc-workload.js'
import { cpuWorkload } from './cpu-workload.js'
import { benchstatRegressed, fixedThresholdRegressed } from './decision-rules.js'
import { fsyncWorkload } from './fsync-workload.js'
import { httpWorkload } from './http-workload.js'
import type { Workload } from './workload.js'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    trials: { type: 'string' },
    'aa-trials': { type: 'string' },
    workloads: { type: 'string' },
    'budget-s': { type: 'string' },
    out: { type: 'string', default: 'results' },
    seed: { type: 'string', default: '20261123' },
  },
})

const quick = args.quick === true
const trialsPerChange = Number(args.trials ?? (quick ? 2 : 20))
const aaTrials = Number(args['aa-trials'] ?? (quick ? 4 : 60))
const budgetMs = Number(args['budget-s'] ?? (quick ? 8 : 30)) * 1000
const changes = [0, 0.02, 0.05, 0.1, 0.2]
const allWorkloads: Workload[] = [cpuWorkload(), allocWorkload(), fsyncWorkload(), httpWorkload()]
const selected = args.workloads ? args.workloads.split(',') : allWorkloads.map((w) => w.name)
const workloads = allWorkloads.filter((w) => selected.includes(w.name))
const environment = collectFingerprint({ cwd: process.cwd() })
const runId = newRunId()
let seed = Number(args.seed)

interface Trial {
  verdict: string
  /** Median per-round ns/op of base and head: the raw material of every decision here. */
  baseMedianNs: number
  headMedianNs: number
  rounds: number
  stopReason: string
  seconds: number
  detectableChange: number | null
  benchstatRegressed: boolean
  fixedRegressed: boolean
}

function okValues(result: ResultFile, variant: string): number[] {
  return (result.variants.find((v) => v.name === variant)?.rounds ?? []).flatMap((r) => {
    const value = r.values.nsPerOp
    return r.status === 'ok' && value !== undefined ? [value] : []
  })
}

async function trial(workload: Workload, change: number): Promise<Trial> {
  const scenario = defineScenario({
    id: `gate/${workload.name}`,
    description: workload.description,
    runner: micro({ roundMs: quick ? Math.round(workload.roundMs * 0.75) : workload.roundMs }),
    variants: {
      base: { baseline: true, prepare: () => workload.operation(0) },
      head: { prepare: () => workload.operation(change) },
    },
  }) as AnyScenario
  seed = (seed + 7919) >>> 0
  const result = await runScenario(resolveScenario(scenario), { runId, seed, quick: false, environment, timeBudgetMs: budgetMs })
  const comparison = result.comparisons.find((c) => c.metric.gated)
  const base = okValues(result, 'base')
  const head = okValues(result, 'head')
  return {
    verdict: comparison?.verdict ?? 'none',
    baseMedianNs: stats.median(base),
    headMedianNs: stats.median(head),
    rounds: result.session.measuredRounds,
    stopReason: result.session.stopReason,
    seconds: result.session.durationMs / 1000,
    detectableChange: comparison?.minDetectableChange ?? null,
    benchstatRegressed: benchstatRegressed(base, head),
    fixedRegressed: fixedThresholdRegressed(base, head),
  }
}

/** Upper end of the 95% Wilson score interval for a proportion: "at most this often". */
function wilsonUpper(successes: number, n: number): number {
  if (n === 0) return 1
  const z = 1.959964
  const p = successes / n
  const centre = p + (z * z) / (2 * n)
  const margin = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))
  return Math.min(1, (centre + margin) / (1 + (z * z) / n))
}

interface Cell {
  workload: string
  injectedChange: number
  trials: number
  dyno: {
    regressed: number
    regressedRate: number
    regressedRateUpper95: number
    inconclusiveRate: number
    equivalentRate: number
    improvedRate: number
    medianSecondsToVerdict: number
    medianRounds: number
    medianDetectableChange: number | null
    stopReasons: Record<string, number>
  }
  benchstatRegressedRate: number
  fixedFivePercentRegressedRate: number
  /** Every trial, so a surprising rate can be traced to its sessions. */
  trialRecords: Trial[]
}

function summarise(workload: string, change: number, trials: Trial[]): Cell {
  const count = (f: (t: Trial) => boolean) => trials.filter(f).length
  const regressed = count((t) => t.verdict === 'regressed')
  const detectable = trials.flatMap((t) => (t.detectableChange === null ? [] : [t.detectableChange]))
  const stopReasons: Record<string, number> = {}
  for (const t of trials) stopReasons[t.stopReason] = (stopReasons[t.stopReason] ?? 0) + 1
  return {
    workload,
    injectedChange: change,
    trials: trials.length,
    dyno: {
      regressed,
      regressedRate: regressed / trials.length,
      regressedRateUpper95: wilsonUpper(regressed, trials.length),
      inconclusiveRate: count((t) => t.verdict === 'inconclusive') / trials.length,
      equivalentRate: count((t) => t.verdict === 'equivalent') / trials.length,
      improvedRate: count((t) => t.verdict === 'improved') / trials.length,
      medianSecondsToVerdict: stats.median(trials.map((t) => t.seconds)),
      medianRounds: stats.median(trials.map((t) => t.rounds)),
      medianDetectableChange: detectable.length > 0 ? stats.median(detectable) : null,
      stopReasons,
    },
    benchstatRegressedRate: count((t) => t.benchstatRegressed) / trials.length,
    fixedFivePercentRegressedRate: count((t) => t.fixedRegressed) / trials.length,
    trialRecords: trials,
  }
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`)

const cells: Cell[] = []
const started = Date.now()
for (const workload of workloads) {
  await workload.start()
  try {
    for (const change of changes) {
      const n = change === 0 ? aaTrials : trialsPerChange
      const trials: Trial[] = []
      for (let i = 0; i < n; i++) trials.push(await trial(workload, change))
      const cell = summarise(workload.name, change, trials)
      cells.push(cell)
      process.stderr.write(
        `${workload.name} +${(change * 100).toFixed(0)}%: ${n} trials, dyno regressed ${pct(cell.dyno.regressedRate)}, median ${cell.dyno.medianSecondsToVerdict.toFixed(1)} s\n`,
      )
    }
  } finally {
    await workload.stop()
  }
}

const header = [
  'workload',
  'injected',
  'trials',
  'dyno: regressed',
  'inconclusive',
  'equivalent',
  'median time',
  'median detectable',
  'benchstat-style: regressed',
  'fixed 5%: regressed',
]
const rows = cells.map((c) => [
  c.workload,
  c.injectedChange === 0 ? 'A/A' : `+${(c.injectedChange * 100).toFixed(0)}%`,
  String(c.trials),
  c.injectedChange === 0 ? `${pct(c.dyno.regressedRate)} (≤ ${pct(c.dyno.regressedRateUpper95)})` : pct(c.dyno.regressedRate),
  pct(c.dyno.inconclusiveRate),
  pct(c.dyno.equivalentRate),
  `${c.dyno.medianSecondsToVerdict.toFixed(1)} s`,
  pct(c.dyno.medianDetectableChange),
  pct(c.benchstatRegressedRate),
  pct(c.fixedFivePercentRegressedRate),
])
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`)

const file = path.resolve(args.out ?? 'results', 'gate-accuracy', `${runId}.json`)
await writeJsonAtomic(file, {
  kind: 'dyno-gate-accuracy',
  runId,
  quick,
  threshold: 0.05,
  budgetSecondsPerTrial: budgetMs / 1000,
  environment,
  durationSeconds: (Date.now() - started) / 1000,
  cells,
})
process.stdout.write(
  `\nA/A "regressed" is a false alarm; "(≤ x%)" is the 95% upper bound. Results: ${path.relative(process.cwd(), file)}\n`,
)
