import { defineConfig } from 'vitest/config'

// Tests import workspace packages from source (the "source" export condition), so a unit
// test never runs against a stale dist/. CLI end-to-end tests spawn the built binary.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Projects extend this config, and list options (include, exclude) are concatenated, so
    // each project names its own files.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/**/src/**/*.test.ts', 'scenarios/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      // Tests with real database servers (*.int.test.ts) run after the others, one file at a
      // time: on 2 cores, servers starting beside the timing-sensitive CLI tests made those flaky.
      {
        extends: true,
        test: {
          name: 'databases',
          include: ['packages/**/src/**/*.int.test.ts', 'scenarios/**/*.int.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
