import type { ServerSpec } from '../runners/http-server-spec.js'
import type { RunnerSpec } from '../runners/runner-spec.js'
import type { Budget } from './budget.js'
import type { Claim } from './claim.js'
import type { MetricPolicyOverride } from './metric.js'
import type { Requirement } from './requirement.js'

/**
 * A database server provisioned for this scenario, as plain data (it crosses into isolated
 * round processes). URLs: mysql://user:pass@host:port/db, firebird://user:pass@host:port/path,
 * file:/path/to.sqlite.
 */
export interface DatabaseConnection {
  engine: string
  url: string
  version: string
  /** 'local' (throwaway server), 'docker', 'external' (a URL you gave) or 'embedded'. */
  provider: string
  settings: Record<string, string>
}

/** What a scenario's hooks learn about the run they are part of. */
export interface ScenarioContext {
  /** True for smoke runs (`--quick`): use small inputs. */
  quick: boolean
  /** A scratch directory for this scenario, removed after the run. */
  tempDir: string
  /** Seed of this run; derive fixture randomness from it only when it should vary per run. */
  seed: number
  /** Servers provisioned for the scenario's database requirements, by requirement name. */
  databases: Record<string, DatabaseConnection>
}

export interface VariantContext extends ScenarioContext {
  variant: string
}

/** The measured operation: one call (micro) or one whole job (throughput). http-load variants name a server instead. */
export type Operation<O> = () => O | Promise<O>

export interface PreparedVariant<O> {
  run: Operation<O>
  /** Releases what prepare() acquired (connections, workers); runs after the round. */
  dispose?: () => void | Promise<void>
}

interface VariantBase {
  /** Exactly one variant of a scenario is the baseline the others are compared against. */
  baseline?: boolean
  /**
   * A yardstick, not a contender (at most one per scenario, never the baseline): e.g. a bare
   * node:http server beside the services under test. It is measured in the same interleaved
   * rounds as the others, and every other variant's headline metric (the runner's primary
   * metric, the first one reported) is also reported as a fraction of it, paired by round
   * ("phase2 reaches 0.71× [0.69, 0.73] of node-http-ceiling"). It is still compared with the
   * baseline like any variant, but its comparisons are informational (never gated, outside
   * the gated Holm family and the stopping rule): a yardstick that got slower says the
   * machine changed, not the code.
   */
  reference?: boolean
  description?: string
}

/** A variant of a micro or throughput scenario: code that runs in the measuring process. */
export interface OperationVariantSpec<F, O> extends VariantBase {
  /**
   * Builds the operation outside the clock: compile, connect, allocate. Runs in the process
   * that measures (a child process for isolated rounds), once per round.
   */
  prepare(fixture: F, context: VariantContext): Operation<O> | PreparedVariant<O> | Promise<Operation<O> | PreparedVariant<O>>
  server?: never
}

/**
 * Computes a variant's server from the fixture and context (e.g. a database URL). Declared
 * through a method so the fixture type is checked bivariantly and a typed scenario still fits
 * the erased `AnyScenario`.
 */
export type ServerFactory<F> = { build(fixture: F, context: VariantContext): ServerSpec }['build']

/**
 * A variant of an http-load scenario: a server under test, started in its own process for
 * every round (see runners/http-server-spec.ts).
 */
export interface ServerVariantSpec<F> extends VariantBase {
  server: ServerSpec | ServerFactory<F>
  prepare?: never
}

export type VariantSpec<F, O> = OperationVariantSpec<F, O> | ServerVariantSpec<F>

/** `true`/`undefined` = correct; `false` or a string (the reason) = wrong output. */
export type VerifyOutcome = boolean | string | undefined

export interface ScenarioSpec<F = unknown, O = unknown> {
  /** `<sut>/<name>`, lower-case kebab; a persisted key (renaming it is a migration). */
  id: string
  description: string
  runner: RunnerSpec<O>
  variants: Record<string, VariantSpec<F, O>>
  /**
   * Builds the fixture once per run, in the orchestrating process. When rounds run in child
   * processes the fixture is passed to them by structured clone, so keep it to plain data.
   */
  setup?(context: ScenarioContext): F | Promise<F>
  teardown?(fixture: F, context: ScenarioContext): void | Promise<void>
  /** Runs before every round of every variant, outside the clock (e.g. reset a database). */
  beforeRound?(fixture: F, context: VariantContext): void | Promise<void>
  /** Checks a variant's output; a variant whose output is wrong is `invalid` and never compared. */
  verify?(output: O, context: { variant: string; fixture: F }): VerifyOutcome | Promise<VerifyOutcome>
  /** Per-metric gate policy, e.g. `{ peakRssBytes: { gated: true, threshold: 0.1 } }`. */
  metrics?: Record<string, MetricPolicyOverride>
  budgets?: Budget[]
  claims?: Claim[]
  requires?: Requirement[]
  /** Package names whose installed versions go into the environment fingerprint. */
  packages?: string[]
  tags?: string[]
}

/**
 * A scenario with its types erased, as the orchestrator and CLI handle it. Hooks are declared
 * with method syntax, whose parameters TypeScript checks bivariantly, so every
 * `ScenarioSpec<F, O>` is assignable to this without `any`.
 */
export type AnyScenario = ScenarioSpec<unknown, unknown>

/**
 * Identity function that gives scenario files type inference and checking:
 * the fixture type flows from `setup` into every `prepare`, the output type into `verify`.
 */
export function defineScenario<F = undefined, O = unknown>(spec: ScenarioSpec<F, O>): ScenarioSpec<F, O> {
  return spec
}

/** Structural check used when loading scenario modules (no registry, no instanceof). */
export function isScenario(value: unknown): value is AnyScenario {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<AnyScenario>
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.variants === 'object' &&
    candidate.variants !== null &&
    typeof candidate.runner === 'object' &&
    candidate.runner !== null &&
    typeof (candidate.runner as { kind?: unknown }).kind === 'string'
  )
}
