import { defineConfig } from '@dyno/cli/config'

// dyno's own scenarios: the systems under test wired into before/after benchmarks. The
// explicit pattern keeps the test fixtures under packages/*/test-fixtures/ (broken and
// deliberately slow scenarios) out of a plain `dyno run` / `npm start`.
export default defineConfig({
  scenarios: ['scenarios/**/*.scenario.ts'],
})
