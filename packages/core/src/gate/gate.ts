import type { Comparison } from '../compare/comparison.js'
import type { ResultFile } from '../schema/result-file.js'

/**
 * Turns verdicts, variant states and budgets into pass or fail. It returns an exit code but
 * never exits: only the CLI calls process.exit.
 *
 * Fails on: a regressed gated metric (except a reference variant's: a yardstick); a variant that errored or produced wrong output (a
 * broken optimisation is not a pass); a scenario whose setup failed; a failed budget.
 * With `strict`, also on an inconclusive gated metric and on implausible figures, so a run
 * too noisy to decide cannot slip through as "no regression found".
 */
export type GateFailureKind =
  | 'regression'
  | 'variant-failed'
  | 'scenario-failed'
  | 'environment'
  | 'budget'
  | 'inconclusive'
  | 'implausible'

export interface GateFailure {
  kind: GateFailureKind
  scenarioId: string
  variant?: string
  metric?: string
  message: string
}

export interface GateResult {
  /** 0 pass, 1 failed, 3 a server the run needed could not be had (the machine's problem, not the code's). */
  exitCode: 0 | 1 | 3
  failures: GateFailure[]
}

export interface GateInput {
  comparisons: readonly Comparison[]
  results: readonly ResultFile[]
  strict?: boolean
}

export function gate(input: GateInput): GateResult {
  const failures: GateFailure[] = []
  const yardsticks = referenceVariants(input.results)
  for (const c of input.comparisons) {
    if (!c.metric.gated) continue
    // A reference variant (a bare node:http server beside the services) is a yardstick, not
    // a contender: its own verdicts are reported but never fail the gate. Between two runs
    // or refs its code is the same, so a "regression" there says the machine changed.
    if (yardsticks.has(variantKey(c.scenarioId, c.head.variant))) continue
    // Across runs or refs the labels name the sides, so the variant is named too.
    const sides = `${c.head.label} vs ${c.base.label}`
    const subject = `${c.scenarioId} ${c.head.variant === c.base.variant ? `${c.head.variant} (${sides})` : sides}, ${c.metric.name}`
    if (c.verdict === 'regressed') {
      failures.push({
        kind: 'regression',
        scenarioId: c.scenarioId,
        variant: c.head.variant,
        metric: c.metric.name,
        message: `${subject} regressed: ${c.reason}`,
      })
    } else if (c.verdict === 'inconclusive' && input.strict) {
      failures.push({
        kind: 'inconclusive',
        scenarioId: c.scenarioId,
        variant: c.head.variant,
        metric: c.metric.name,
        message: `${subject} is inconclusive (--strict): ${c.reason}`,
      })
    }
  }
  for (const result of input.results) {
    const id = result.scenario.id
    if (result.session.stopReason === 'provisioning-failed') {
      failures.push({
        kind: 'environment',
        scenarioId: id,
        message: `${id}: a database server it needs could not be had or died: ${result.error?.message ?? 'no detail recorded'}`,
      })
    } else if (result.error !== null) {
      failures.push({ kind: 'scenario-failed', scenarioId: id, message: `${id} could not run: ${result.error.message}` })
    }
    for (const variant of result.variants) {
      if (variant.status === 'errored' || variant.status === 'invalid') {
        failures.push({
          kind: 'variant-failed',
          scenarioId: id,
          variant: variant.name,
          message: `${id} ${variant.name} ${variant.status}: ${variant.statusReason ?? ''}`,
        })
      }
    }
    for (const check of result.budgets) {
      if (check.status === 'fail') {
        // Figures carry their unit: "= 172700 ns … < 100000 ns", not two bare numbers.
        const unit = result.scenario.metrics.find((m) => m.name === check.budget.metric)?.unit
        const withUnit = (value: number | undefined) => `${value}${unit === undefined ? '' : ` ${unit}`}`
        const limit = check.budget.max !== undefined ? `< ${withUnit(check.budget.max)}` : `> ${withUnit(check.budget.min)}`
        failures.push({
          kind: 'budget',
          scenarioId: id,
          variant: check.variant,
          metric: check.budget.metric,
          message: `${id} ${check.variant}: ${check.budget.statistic ?? 'median'} ${check.budget.metric} = ${check.value === null ? 'not measured' : withUnit(Number(check.value.toPrecision(4)))} breaks the budget ${limit}${check.budget.reason ? ` (${check.budget.reason})` : ''}`,
        })
      }
    }
    if (input.strict) {
      for (const warning of result.warnings) {
        if (warning.code.startsWith('implausible')) {
          failures.push({
            kind: 'implausible',
            scenarioId: id,
            ...(warning.variant ? { variant: warning.variant } : {}),
            message: `${id}: ${warning.message}`,
          })
        }
      }
    }
  }
  const exitCode = failures.some((f) => f.kind === 'environment') ? 3 : failures.length > 0 ? 1 : 0
  return { exitCode, failures }
}

function variantKey(scenarioId: string, variant: string): string {
  return `${scenarioId}\u0000${variant}`
}

function referenceVariants(results: readonly ResultFile[]): Set<string> {
  const keys = new Set<string>()
  for (const result of results) {
    const reference = result.scenario.referenceVariant
    if (reference !== undefined) keys.add(variantKey(result.scenario.id, reference))
  }
  return keys
}
