import type { Warning } from '../checks/warning.js'
import type { Comparison } from '../compare/comparison.js'
import type { ReferenceFraction } from '../compare/reference-fraction.js'
import type { Fingerprint } from '../env/fingerprint.js'
import type { ErrorRecord } from '../errors/dyno-error.js'
import type { Budget } from '../scenario/budget.js'
import type { Claim, ClaimStatus } from '../scenario/claim.js'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import type { Requirement } from '../scenario/requirement.js'
import type { Interval } from '../stats/bootstrap.js'
import type { Summary } from '../stats/summary.js'
import type { ProfileRecord } from './profile-record.js'

/**
 * The result file: the contract between measuring and everything after it (compare, gate,
 * report, history). One file per scenario per run, at results/<runId>/<scenario id>.json.
 * Raw samples are kept round by round, so every summary and verdict can be recomputed.
 * The JSON Schema in packages/core/schema/result-v1.schema.json describes the same shape and
 * is checked on every read.
 */
export const RESULT_SCHEMA_VERSION = 1

export type VariantStatus = 'completed' | 'errored' | 'invalid' | 'skipped'
export type RoundStatus = 'ok' | 'errored' | 'invalid'
export type IsolationUsed = 'in-process' | 'process'

export interface RoundRecord {
  /** Measured round index (0-based); warm-up rounds are not recorded as samples. */
  round: number
  /** Position of this variant in the round's randomised order (0 = ran first). */
  position: number
  startedAt: string
  isolation: IsolationUsed
  status: RoundStatus
  /** Metric name → value, for status 'ok'. */
  values: Record<string, number>
  /** Runner specifics that explain the values (iterations, batch size, units). */
  detail: Record<string, number>
  error?: ErrorRecord
  invalidReason?: string
  /** http-load runner: the round's latency windows, error classes and routes (optional; other runners omit it). */
  load?: LoadRoundRecord
}

// --- http-load additions (all optional, so files written before them stay valid) -------------

/**
 * One time window of an http-load round. Every event lands in the window in which it
 * happened (a response when it completed, a drop when it was dropped); the last window also
 * takes the open model's drain, so no window is a sliver.
 */
export interface LoadWindowRecord {
  /** Start, in ms after the round's measurement began. */
  startMs: number
  durationMs: number
  /** Successful responses: the histogram's count. */
  ok: number
  /** Failed requests: error statuses, scenario-defined classes, timeouts, lost connections. */
  errors: number
  /** Open model: requests scheduled in this window, sent later than `lateAfterMs`, and dropped unsent. */
  scheduled?: number
  late?: number
  dropped?: number
  p50LatencyUs: number | null
  p99LatencyUs: number | null
  maxLatencyUs: number | null
  /** Latencies of the successful responses, µs: HdrHistogram compressed base64 (V2). */
  histogram: string
}

/** One route of the request mix within a round. */
export interface LoadRouteRecord {
  name: string
  ok: number
  errors: number
  p50LatencyUs: number | null
  p99LatencyUs: number | null
  /** The route's latencies (HdrHistogram compressed base64, µs); omitted when the mix has one route. */
  histogram?: string
}

export interface LoadRoundRecord {
  model: 'closed' | 'open'
  windowMs: number
  windows: LoadWindowRecord[]
  /** Failed requests by class: `status-503`, `timeout`, `connection`, or a scenario-defined class. */
  errorsByClass: Record<string, number>
  routes: LoadRouteRecord[]
  /**
   * Within-round 95% intervals of the round's figures (p50/p95/p99 latency, throughput), from a
   * seeded bootstrap over the windows. Empty until the result is built.
   */
  intervals: Record<string, Interval>
}

/**
 * A variant's figures computed over all its completed rounds at once: latency percentiles of
 * the merged histogram (never an average of per-round percentiles), totals for rates. The
 * intervals come from a cluster bootstrap over rounds.
 */
export interface PooledFigures {
  method: string
  rounds: number
  values: Record<string, number>
  intervals: Record<string, Interval>
  /** Merged latency histogram of all completed rounds (HdrHistogram compressed base64, µs). */
  histogram: string
}

export interface VariantResult {
  name: string
  baseline: boolean
  description: string | null
  status: VariantStatus
  /** Why the variant is not 'completed'. */
  statusReason: string | null
  rounds: RoundRecord[]
  /** Summaries over the 'ok' rounds, per metric. */
  summaries: Record<string, Summary>
  /** http-load runner: figures over all completed rounds pooled (merged histograms); budgets with statistic 'pooled' read these. */
  pooled?: PooledFigures
}

export interface RunnerRecord {
  kind: string
  /** The runner's options as run (functions replaced by a description). */
  options: Record<string, string | number | boolean | null>
}

export interface ScenarioRecord {
  id: string
  description: string
  runner: RunnerRecord
  baselineVariant: string
  /**
   * The variant marked `reference: true`, when the scenario has one (added with reference
   * variants, optional, so older files stay valid): the yardstick of the result's `references`.
   */
  referenceVariant?: string
  metrics: (MetricSpec & MetricPolicy)[]
  claims: Claim[]
  budgets: Budget[]
  requires: Requirement[]
  tags: string[]
  /** Scenario file, relative to the working directory of the run. */
  sourceFile: string | null
}

/**
 * Why measuring stopped: 'precise' and 'decided-early' are the adaptive stopping rule
 * (compare/stopping-rule.ts); 'rounds-complete' means the maximum (or fixed) rounds ran.
 */
export type StopReason =
  | 'precise'
  | 'decided-early'
  | 'rounds-complete'
  | 'time-budget'
  | 'no-runnable-variant'
  | 'setup-failed'
  | 'provisioning-failed'
  | 'interrupted'

export interface SessionRecord {
  seed: number
  quick: boolean
  startedAt: string
  finishedAt: string
  durationMs: number
  warmupRounds: number
  /** The maximum number of measured rounds (the fixed number when not adaptive). */
  plannedRounds: number
  /** Rounds before the stopping rule may stop the session. */
  minRounds: number
  /** Whether the stopping rule could end the session before plannedRounds. */
  adaptive: boolean
  measuredRounds: number
  timeBudgetMs: number
  stopReason: StopReason
  /** Order in which variants ran, per measured round. */
  schedule: string[][]
  /** Average CPU cores used by other processes on the machine during the session (Linux only). */
  backgroundCpuCores: number | null
  /** Micro runner: time per call of an empty operation in this harness, this session; null otherwise. */
  harnessFloorNsPerOp: number | null
}

export interface ClaimCheck {
  claim: Claim
  measured: { estimate: number; low: number | null; high: number | null } | null
  status: ClaimStatus
}

export interface BudgetCheck {
  budget: Budget
  variant: string
  value: number | null
  status: 'pass' | 'fail' | 'not-measured'
}

export type Outcome = 'completed' | 'partial' | 'errored'

/**
 * One side of `dyno compare-refs`: the git ref the user named, the commit it resolved to, and
 * the harness that measured it (each side runs its own build's dyno).
 */
export interface RefRecord {
  /** As written on the command line, e.g. `origin/main` or `HEAD`. */
  ref: string
  /** The commit it resolved to (for a dirty HEAD: the commit the changes sit on). */
  sha: string
  /** True when uncommitted changes were measured (`--include-dirty`). */
  dirty: boolean
  /** With `dirty`: git's tree id of the measured working-tree snapshot, so it can be told apart. */
  tree?: string
  /** Version of the dyno in that build, which loaded the scenario and ran its rounds. */
  dynoVersion: string
}

/**
 * Present in results written by `dyno compare-refs` (added with compare-refs, optional, so every
 * older file stays valid). Both sides' files record both refs; `side` says which one this is.
 * Their rounds were interleaved: round N of this file ran beside round N of the other side's.
 */
export interface RefsRecord {
  side: 'base' | 'head'
  base: RefRecord
  head: RefRecord
}

export interface ResultFile {
  schemaVersion: typeof RESULT_SCHEMA_VERSION
  kind: 'dyno-result'
  runId: string
  dynoVersion: string
  scenario: ScenarioRecord
  environment: Fingerprint
  session: SessionRecord
  variants: VariantResult[]
  /** Each non-baseline variant against the baseline, paired by round. */
  comparisons: Comparison[]
  claims: ClaimCheck[]
  budgets: BudgetCheck[]
  warnings: Warning[]
  outcome: Outcome
  /** Set when the scenario could not run at all (setup failed). */
  error: ErrorRecord | null
  /**
   * Profiles taken after the measured session (`--profile`, or automatically on a regressed
   * verdict). Optional: files written before profiling existed stay valid.
   */
  profile?: ProfileRecord
  /** Only in results of `dyno compare-refs`: which side of which comparison this is. */
  refs?: RefsRecord
  /**
   * Only when the scenario has a reference variant: each other completed variant's headline
   * metric as a fraction of the reference's, paired by round (compare/reference-fraction.ts).
   * Optional: files written before reference variants existed stay valid.
   */
  references?: ReferenceFraction[]
}
