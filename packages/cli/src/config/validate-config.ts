import path from 'node:path'
import type { Budget, MetricPolicyOverride } from '@dyno/core'
import { parseDuration, parsePositiveInteger, parseThreshold } from '../options/parse-options.js'
import { type ConfigDbMode, DB_MODES, DEFAULT_SCENARIO_PATTERNS } from './dyno-config.js'

/**
 * Checks a loaded config value field by field and turns it into settings with absolute paths
 * and parsed numbers. Every problem is collected ("<field>: <what is wrong>"), so a user fixes
 * the file in one pass; the caller reports them with the file name and exits 2.
 */
export interface ProjectBudget extends Budget {
  /** Scenario selectors; empty = every scenario. */
  scenarios: string[]
}

export interface ProjectSettings {
  /** Scenario patterns or paths, relative to the project root. */
  scenarios: string[]
  exclude: string[]
  resultsDir: string
  reportsDir: string
  threshold: number | undefined
  metrics: Record<string, MetricPolicyOverride>
  budgets: ProjectBudget[]
  rounds: number | undefined
  minRounds: number | undefined
  maxRounds: number | undefined
  timeBudgetMs: number | undefined
  strict: boolean | undefined
  report: boolean | undefined
  db: { mode: ConfigDbMode | undefined; mysqlUrl: string | undefined; firebirdUrl: string | undefined }
}

const KNOWN_FIELDS = [
  'scenarios',
  'exclude',
  'resultsDir',
  'reportsDir',
  'threshold',
  'metrics',
  'budgets',
  'rounds',
  'minRounds',
  'maxRounds',
  'timeBudget',
  'strict',
  'report',
  'db',
]
const METRIC_NAME = /^[a-z][A-Za-z0-9]*$/
const STATISTICS = ['median', 'p95', 'max', 'mean']

const describe = (value: unknown) => (typeof value === 'string' ? `'${value}'` : Array.isArray(value) ? 'a list' : String(value))
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** The settings of a project without a config file. */
export function defaultSettings(root: string): ProjectSettings {
  return validateConfig({}, root).settings
}

export function validateConfig(value: unknown, root: string): { settings: ProjectSettings; problems: string[] } {
  const problems: string[] = []
  const config = isRecord(value) ? value : {}
  if (!isRecord(value))
    problems.push(`the default export must be an object (write \`export default defineConfig({ … })\`), not ${describe(value)}`)
  for (const key of Object.keys(config)) {
    if (!KNOWN_FIELDS.includes(key)) problems.push(`${key}: unknown field (known fields: ${KNOWN_FIELDS.join(', ')})`)
  }

  const stringList = (field: string, fallback: readonly string[]): string[] => {
    const raw = config[field]
    if (raw === undefined) return [...fallback]
    const list = typeof raw === 'string' ? [raw] : raw
    if (!Array.isArray(list) || list.some((p) => typeof p !== 'string' || p.trim() === '')) {
      problems.push(`${field}: must be a pattern or a list of patterns (non-empty strings), not ${describe(raw)}`)
      return [...fallback]
    }
    if (field === 'scenarios' && list.length === 0) problems.push('scenarios: is an empty list; leave it out to use the default pattern')
    return list as string[]
  }
  const directory = (field: string, fallback: string): string => {
    const raw = config[field]
    if (raw === undefined) return path.join(root, fallback)
    if (typeof raw !== 'string' || raw.trim() === '') {
      problems.push(`${field}: must be a directory path, not ${describe(raw)}`)
      return path.join(root, fallback)
    }
    return path.resolve(root, raw)
  }
  const parsed = <T>(field: string, raw: unknown, parse: (text: string) => T): T | undefined => {
    if (raw === undefined) return undefined
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      problems.push(`${field}: must be a number or a string, not ${describe(raw)}`)
      return undefined
    }
    try {
      return parse(String(raw))
    } catch (error) {
      problems.push(`${field}: ${message(error)}`)
      return undefined
    }
  }
  const flag = (field: string, raw: unknown): boolean | undefined => {
    if (raw === undefined || typeof raw === 'boolean') return raw
    problems.push(`${field}: must be true or false, not ${describe(raw)}`)
    return undefined
  }
  const wholeNumber = (field: string): number | undefined => {
    const raw = config[field]
    if (raw === undefined) return undefined
    if (typeof raw !== 'number') {
      problems.push(`${field}: must be a whole number of at least 1, not ${describe(raw)}`)
      return undefined
    }
    return parsed(field, raw, parsePositiveInteger)
  }

  const metrics: Record<string, MetricPolicyOverride> = {}
  if (config.metrics !== undefined && !isRecord(config.metrics)) {
    problems.push(`metrics: must map metric names to { gated, threshold }, not ${describe(config.metrics)}`)
  }
  for (const [name, policy] of Object.entries(isRecord(config.metrics) ? config.metrics : {})) {
    const field = `metrics.${name}`
    if (!METRIC_NAME.test(name)) problems.push(`${field}: '${name}' is not a metric name (camelCase, e.g. nsPerOp or peakRssBytes)`)
    if (!isRecord(policy)) {
      problems.push(`${field}: must be an object such as { gated: true, threshold: '10%' }`)
      continue
    }
    for (const key of Object.keys(policy)) {
      if (key !== 'gated' && key !== 'threshold') problems.push(`${field}.${key}: unknown field (known fields: gated, threshold)`)
    }
    const gated = flag(`${field}.gated`, policy.gated)
    const threshold = parsed(`${field}.threshold`, policy.threshold, parseThreshold)
    metrics[name] = { ...(gated !== undefined ? { gated } : {}), ...(threshold !== undefined ? { threshold } : {}) }
  }

  const budgets: ProjectBudget[] = []
  if (config.budgets !== undefined && !Array.isArray(config.budgets))
    problems.push(`budgets: must be a list, not ${describe(config.budgets)}`)
  for (const [i, budget] of (Array.isArray(config.budgets) ? config.budgets : []).entries()) {
    const field = `budgets[${i}]`
    if (!isRecord(budget)) {
      problems.push(`${field}: must be an object such as { metric: 'nsPerOp', max: 50000 }`)
      continue
    }
    const known = ['metric', 'max', 'min', 'statistic', 'variant', 'scenarios', 'reason']
    for (const key of Object.keys(budget))
      if (!known.includes(key)) problems.push(`${field}.${key}: unknown field (known fields: ${known.join(', ')})`)
    const metric = budget.metric
    if (typeof metric !== 'string' || !METRIC_NAME.test(metric))
      problems.push(`${field}.metric: must name a metric such as nsPerOp, not ${describe(metric)}`)
    for (const limit of ['max', 'min'] as const) {
      if (budget[limit] !== undefined && (typeof budget[limit] !== 'number' || !Number.isFinite(budget[limit])))
        problems.push(`${field}.${limit}: must be a number in the metric's unit, not ${describe(budget[limit])}`)
    }
    if (budget.max === undefined && budget.min === undefined) problems.push(`${field}: needs max or min`)
    if (budget.statistic !== undefined && !STATISTICS.includes(budget.statistic as string))
      problems.push(`${field}.statistic: must be one of ${STATISTICS.join(', ')}, not ${describe(budget.statistic)}`)
    if (budget.variant !== undefined && typeof budget.variant !== 'string') problems.push(`${field}.variant: must be a variant name`)
    if (budget.reason !== undefined && typeof budget.reason !== 'string') problems.push(`${field}.reason: must be a string`)
    const selectors = typeof budget.scenarios === 'string' ? [budget.scenarios] : (budget.scenarios ?? [])
    if (!Array.isArray(selectors) || selectors.some((s) => typeof s !== 'string'))
      problems.push(`${field}.scenarios: must be a scenario id, prefix or pattern, or a list of them`)
    budgets.push({
      ...(budget as unknown as Budget),
      scenarios: Array.isArray(selectors) ? selectors.filter((s): s is string => typeof s === 'string') : [],
    })
  }

  const db = isRecord(config.db) ? config.db : {}
  if (config.db !== undefined && !isRecord(config.db))
    problems.push(`db: must be an object such as { mode: 'auto' }, not ${describe(config.db)}`)
  for (const key of Object.keys(db)) {
    if (!['mode', 'mysqlUrl', 'firebirdUrl'].includes(key))
      problems.push(`db.${key}: unknown field (known fields: mode, mysqlUrl, firebirdUrl)`)
  }
  if (db.mode !== undefined && !DB_MODES.includes(db.mode as ConfigDbMode))
    problems.push(`db.mode: must be one of ${DB_MODES.join(', ')}, not ${describe(db.mode)}`)
  const url = (field: 'mysqlUrl' | 'firebirdUrl', schemes: string[]): string | undefined => {
    const raw = db[field]
    if (raw === undefined) return undefined
    let ok = false
    try {
      ok = typeof raw === 'string' && schemes.includes(new URL(raw).protocol)
    } catch {
      ok = false
    }
    if (!ok) problems.push(`db.${field}: must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}, not ${describe(raw)}`)
    return ok ? (raw as string) : undefined
  }

  const minRounds = wholeNumber('minRounds')
  const maxRounds = wholeNumber('maxRounds')
  if (minRounds !== undefined && maxRounds !== undefined && minRounds > maxRounds)
    problems.push(`minRounds: ${minRounds} is more than maxRounds (${maxRounds})`)
  const timeBudget = config.timeBudget
  if (timeBudget !== undefined && (typeof timeBudget !== 'string' || !/[a-z]\s*$/.test(timeBudget))) {
    problems.push(`timeBudget: must be a duration with a unit, such as '90s', '5m' or '1500ms', not ${describe(timeBudget)}`)
  }
  const settings: ProjectSettings = {
    scenarios: stringList('scenarios', DEFAULT_SCENARIO_PATTERNS),
    exclude: stringList('exclude', []),
    resultsDir: directory('resultsDir', 'results'),
    reportsDir: directory('reportsDir', 'reports'),
    threshold: parsed('threshold', config.threshold, parseThreshold),
    metrics,
    budgets,
    rounds: wholeNumber('rounds'),
    minRounds,
    maxRounds,
    timeBudgetMs:
      typeof timeBudget === 'string' && /[a-z]\s*$/.test(timeBudget) ? parsed('timeBudget', timeBudget, parseDuration) : undefined,
    strict: flag('strict', config.strict),
    report: flag('report', config.report),
    db: {
      mode: DB_MODES.includes(db.mode as ConfigDbMode) ? (db.mode as ConfigDbMode) : undefined,
      mysqlUrl: url('mysqlUrl', ['mysql:', 'mariadb:']),
      firebirdUrl: url('firebirdUrl', ['firebird:']),
    },
  }
  return { settings, problems: inFieldOrder(problems) }
}

/** Problems in the order the fields are documented, whatever order they were found in. */
function inFieldOrder(problems: readonly string[]): string[] {
  const rank = (problem: string) => {
    const field = /^([A-Za-z]+)/.exec(problem)?.[1] ?? ''
    const index = KNOWN_FIELDS.indexOf(field)
    return index === -1 ? (problem.startsWith('the default export') ? -2 : -1) : index
  }
  return [...problems].sort((a, b) => rank(a) - rank(b))
}
