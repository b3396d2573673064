import type { MetricPolicyOverride } from '@dyno/core'
import type { ProjectSettings } from './validate-config.js'

/**
 * The settings of one `dyno run`: each flag given on the command line wins over the config
 * file, which wins over dyno's defaults (left unset here, so core applies them per runner).
 */
export interface RunFlags {
  threshold?: number
  rounds?: number
  minRounds?: number
  maxRounds?: number
  timeBudget?: number
  strict?: boolean
  report?: boolean
}

export interface RunSettings {
  session: {
    threshold?: number
    metricDefaults?: Record<string, MetricPolicyOverride>
    rounds?: number
    minRounds?: number
    maxRounds?: number
    timeBudgetMs?: number
  }
  strict: boolean
  report: boolean
}

const defined = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

export function runSettings(flags: RunFlags, project: ProjectSettings): RunSettings {
  // --threshold is the user's word for this run: it also beats the config's per-metric
  // thresholds (but not a metric's `gated` setting, which the flag does not speak to).
  const metricDefaults =
    flags.threshold === undefined
      ? project.metrics
      : Object.fromEntries(
          Object.entries(project.metrics)
            .filter(([, p]) => p.gated !== undefined)
            .map(([name, p]) => [name, { gated: p.gated }]),
        )
  // --rounds N fixes the rounds; the config's adaptive bounds then do not apply (and vice versa).
  const fixedByFlag = flags.rounds !== undefined
  const adaptiveByFlag = flags.minRounds !== undefined || flags.maxRounds !== undefined
  return {
    session: {
      ...defined('threshold', flags.threshold ?? project.threshold),
      ...(Object.keys(metricDefaults).length > 0 ? { metricDefaults } : {}),
      ...defined('rounds', flags.rounds ?? (adaptiveByFlag ? undefined : project.rounds)),
      ...defined('minRounds', flags.minRounds ?? (fixedByFlag ? undefined : project.minRounds)),
      ...defined('maxRounds', flags.maxRounds ?? (fixedByFlag ? undefined : project.maxRounds)),
      ...defined('timeBudgetMs', flags.timeBudget ?? project.timeBudgetMs),
    },
    strict: flags.strict ?? project.strict ?? false,
    report: flags.report ?? project.report ?? true,
  }
}
