/**
 * What a project's `dyno.config.ts` (or .mts, .js, .mjs) may set. Every field is optional:
 * a project without a config file gets the defaults noted on each field. Paths and patterns
 * are relative to the config file's directory, which is the project's root.
 *
 * Precedence, for every setting: a command-line flag, then an environment variable where one
 * exists ($DYNO_RESULTS_DIR, $DYNO_REPORTS_DIR), then this file, then dyno's default.
 */
export interface DynoConfig {
  /**
   * Where scenario files are: glob patterns (`**`, `*`, `?`, `{a,b}`, `[abc]`) or plain
   * directories and files. Default: `['**\/*.scenario.{ts,mts,js,mjs}']`. Directories named
   * node_modules, dist, build, coverage or starting with a dot, and the results and reports
   * directories, are never searched. `--scenarios PATH` replaces this list.
   */
  scenarios?: string | string[]
  /** Glob patterns of files or directories to leave out of the search, e.g. `['legacy/**']`. */
  exclude?: string[]
  /** Result files go to `<resultsDir>/<run-id>/`. Default `results`. */
  resultsDir?: string
  /** HTML reports go to `<reportsDir>/<run-id>/index.html`; `dyno publish` writes to `<reportsDir>/site`. Default `reports`. */
  reportsDir?: string
  /** Smallest relative change that counts, for metrics whose scenario sets none: `'5%'` or `0.05`. Default 5%. */
  threshold?: number | string
  /**
   * Policy per metric name (`nsPerOp`, `rowsPerSec`, `peakRssBytes`, …) for every scenario
   * that measures it and sets no policy of its own: `{ peakRssBytes: { gated: true, threshold: '10%' } }`.
   */
  metrics?: Record<string, ConfigMetricPolicy>
  /** Absolute limits applied to every scenario that measures the metric (and matches `scenarios`, if given). */
  budgets?: ConfigBudget[]
  /** A fixed number of measured rounds (turns adaptive sampling off). Default: adaptive. */
  rounds?: number
  /** Adaptive sampling bounds. Default: micro 10–60, throughput 8–30. */
  minRounds?: number
  maxRounds?: number
  /** Wall-clock budget per scenario, with a unit: `'90s'`, `'5m'`, `'1500ms'`. Default: micro 60 s, throughput 10 min. */
  timeBudget?: string
  /** Also fail on inconclusive gated verdicts and implausible figures (run and compare). Default false. */
  strict?: boolean
  /** Write the HTML report at the end of `dyno run`. Default true. */
  report?: boolean
  /** Database servers for scenarios that require them (used by the `--db` options of @dyno/db). */
  db?: ConfigDatabase
}

export interface ConfigMetricPolicy {
  gated?: boolean
  threshold?: number | string
}

export interface ConfigBudget {
  metric: string
  /** Upper limit (exclusive) of the statistic, in the metric's unit (e.g. ns for nsPerOp). */
  max?: number
  /** Lower limit (exclusive), e.g. for rowsPerSec. */
  min?: number
  /** Default 'median'. */
  statistic?: 'median' | 'p95' | 'max' | 'mean'
  /** Only this variant; scenarios without a variant of that name are not affected. */
  variant?: string
  /** Scenario ids, system prefixes or patterns with `*`, as on the command line; default all. */
  scenarios?: string | string[]
  reason?: string
}

export const DB_MODES = ['auto', 'local', 'docker', 'external', 'embedded'] as const
export type ConfigDbMode = (typeof DB_MODES)[number]

export interface ConfigDatabase {
  /** Where servers come from; default 'auto'. */
  mode?: ConfigDbMode
  /** Your MySQL/MariaDB server, e.g. `mysql://root:secret@127.0.0.1:3306/bench` ($DYNO_MYSQL_URL wins). */
  mysqlUrl?: string
  /** Your Firebird server, e.g. `firebird://SYSDBA:masterkey@127.0.0.1:3050//data/bench.fdb` ($DYNO_FIREBIRD_URL wins). */
  firebirdUrl?: string
}

/** Identity function that gives a config file type checking and completion. */
export function defineConfig(config: DynoConfig): DynoConfig {
  return config
}

/** Looked for in this order in each directory. */
export const CONFIG_FILE_NAMES = ['dyno.config.ts', 'dyno.config.mts', 'dyno.config.js', 'dyno.config.mjs'] as const

export const DEFAULT_SCENARIO_PATTERNS = ['**/*.scenario.{ts,mts,js,mjs}'] as const
