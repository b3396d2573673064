// CLI test fixture: a TypeScript config in a CommonJS package (compiled to CommonJS on load).
import { defineConfig } from '@dyno/cli/config'

export default defineConfig({
  scenarios: ['bench/**/*.scenario.ts'],
  resultsDir: 'out/results',
  threshold: '20%',
  metrics: { nsPerOp: { threshold: '15%' } },
  budgets: [{ metric: 'nsPerOp', max: 1e9, scenarios: 'cjs', reason: 'from the config' }],
  report: false,
})
