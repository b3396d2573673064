import { defineConfig } from 'vitest/config'

// Tests import workspace packages from source (the "source" export condition), so a unit
// test never runs against a stale dist/. CLI end-to-end tests spawn the built binary.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['packages/**/src/**/*.test.ts', 'scenarios/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
