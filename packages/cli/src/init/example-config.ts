/** The config file `dyno init` writes: the scenario location, and every other setting commented out with its default. */
export function exampleConfig(scenarioDir: string): string {
  return `import { defineConfig } from '@dyno/cli/config'

// dyno's settings for this project, written by \`dyno init\`. Every field is optional, paths
// are relative to this file, and a flag on the command line wins over what is set here.
export default defineConfig({
  // Where scenario files are: glob patterns, directories or files.
  scenarios: ['${scenarioDir}/**/*.scenario.{ts,mts,js,mjs}'],
  // Result files (named baselines under results/baselines/ are small enough to commit) and
  // HTML reports (\`dyno publish\` builds a site in <reportsDir>/site).
  resultsDir: 'results',
  reportsDir: 'reports',
  // The smallest relative change that counts as a regression or an improvement.
  threshold: '5%',
  // Policy per metric, for every scenario that sets none, e.g. also gate peak memory:
  // metrics: { peakRssBytes: { gated: true, threshold: '10%' } },
  // Absolute limits for every scenario that measures the metric (exit 1 when broken):
  // budgets: [{ metric: 'nsPerOp', max: 1_000_000, reason: 'one call must stay under 1 ms' }],
  // Sampling is adaptive between these bounds, within a wall-clock budget per scenario:
  // minRounds: 10, maxRounds: 60, timeBudget: '60s',
  // Also fail on inconclusive verdicts (run and compare):
  // strict: true,
  // Database servers for scenarios that require one (with @dyno/db and the driver installed):
  // db: { mode: 'auto', mysqlUrl: 'mysql://root@127.0.0.1:3306/bench' },
})
`
}
