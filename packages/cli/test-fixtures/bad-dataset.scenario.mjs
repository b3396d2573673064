// Fixture: a scenario asking for a dataset dyno cannot generate (a definition mistake, exit 2).
import { defineScenario, micro } from '@dyno/core'

export default defineScenario({
  id: 'fixture/bad-dataset',
  description: 'Asks for a dataset that does not exist',
  runner: micro(),
  requires: [{ kind: 'database', engine: 'sqlite', dataset: { name: 'orders', rows: 10 } }],
  variants: { a: { baseline: true, prepare: () => () => 1 }, b: { prepare: () => () => 1 } },
})
