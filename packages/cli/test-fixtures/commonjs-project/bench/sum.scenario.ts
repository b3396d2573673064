// CLI test fixture: a TypeScript scenario in a package without "type": "module".
import { defineScenario, micro } from '@dyno/core'
import { numbers } from './numbers'

export default defineScenario({
  id: 'cjs/sum',
  description: 'Sum 1,000 numbers: reduce vs a for loop',
  runner: micro({ roundMs: 10 }),
  setup: () => numbers(1000),
  variants: {
    reduce: { baseline: true, prepare: (list: number[]) => () => list.reduce((a, b) => a + b, 0) },
    loop: {
      prepare: (list: number[]) => () => {
        let total = 0
        for (const n of list) total += n
        return total
      },
    },
  },
  verify: (total, { fixture }) => total === fixture.reduce((a, b) => a + b, 0),
})
