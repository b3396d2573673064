import type { Budget } from '../scenario/budget.js'
import type { BudgetCheck, VariantResult } from '../schema/result-file.js'
import type { Summary } from '../stats/summary.js'

function statistic(summary: Summary, which: Exclude<Budget['statistic'], 'pooled'>): number {
  switch (which ?? 'median') {
    case 'p95':
      return summary.p95
    case 'max':
      return summary.max
    case 'mean':
      return summary.mean
    default:
      return summary.median
  }
}

/** Absolute limits on a variant's figures (k6 thresholds); a variant with no data is 'not-measured'. */
export function checkBudgets(budgets: readonly Budget[], variants: readonly VariantResult[]): BudgetCheck[] {
  const checks: BudgetCheck[] = []
  for (const budget of budgets) {
    for (const variant of variants) {
      if (budget.variant !== undefined && budget.variant !== variant.name) continue
      const summary = variant.summaries[budget.metric]
      const pooled = budget.statistic === 'pooled' ? variant.pooled?.values[budget.metric] : undefined
      if (
        summary === undefined ||
        summary.n === 0 ||
        variant.status !== 'completed' ||
        (budget.statistic === 'pooled' && pooled === undefined)
      ) {
        checks.push({ budget, variant: variant.name, value: null, status: 'not-measured' })
        continue
      }
      const value = budget.statistic === 'pooled' ? (pooled as number) : statistic(summary, budget.statistic)
      const fails = (budget.max !== undefined && value >= budget.max) || (budget.min !== undefined && value <= budget.min)
      checks.push({ budget, variant: variant.name, value, status: fails ? 'fail' : 'pass' })
    }
  }
  return checks
}
