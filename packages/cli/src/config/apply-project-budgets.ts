import { type LoadedScenario, runnerMetrics } from '@dyno/core'
import { selectScenarios } from '../load/select-scenarios.js'
import type { ProjectBudget } from './validate-config.js'

/**
 * Adds a config file's budgets to the scenarios they apply to: those that measure the metric,
 * match the budget's scenario selectors, and have the variant it names. The scenario's own
 * budgets stay; the result file records both, so a report shows every limit that was checked.
 */
export function applyProjectBudgets(loaded: readonly LoadedScenario[], budgets: readonly ProjectBudget[]): LoadedScenario[] {
  if (budgets.length === 0) return [...loaded]
  return loaded.map((entry) => {
    const { scenario } = entry
    const measured = new Set(runnerMetrics(scenario).map((m) => m.name))
    const extra = budgets
      .filter((b) => measured.has(b.metric))
      .filter((b) => b.variant === undefined || b.variant in scenario.variants)
      .filter((b) => b.scenarios.length === 0 || b.scenarios.some((s) => matchesSelector(entry, s)))
      .map(({ scenarios: _selectors, ...budget }) => budget)
    if (extra.length === 0) return entry
    return { ...entry, scenario: { ...scenario, budgets: [...(scenario.budgets ?? []), ...extra] } }
  })
}

function matchesSelector(entry: LoadedScenario, selector: string): boolean {
  try {
    return selectScenarios([entry], [selector]).length > 0
  } catch {
    return false
  }
}
