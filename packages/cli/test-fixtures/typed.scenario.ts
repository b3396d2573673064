// CLI end-to-end fixture: TypeScript syntax, loaded without a build step.
import type { ScenarioSpec } from '@dyno/core'

interface Fixture {
  words: string[]
}

const scenario: ScenarioSpec<Fixture, number> = {
  id: 'fixture/typed',
  description: 'A TypeScript scenario file',
  runner: { kind: 'micro', roundMs: 10 },
  setup: (): Fixture => ({ words: Array.from({ length: 200 }, (_, i) => `word${i}`) }),
  variants: {
    join: {
      baseline: true,
      prepare:
        ({ words }: Fixture) =>
        () =>
          words.join(',').length,
    },
    reduce: {
      prepare:
        ({ words }: Fixture) =>
        () =>
          words.reduce((n, w) => n + w.length + 1, -1),
    },
  },
  verify: (length: number, { fixture }) => length === fixture.words.join(',').length || `length ${length}`,
}

export default scenario
