import { describe, expect, it } from 'vitest'
import { micro } from '../runners/micro-spec.js'
import { scenariosInModule } from './find-scenarios.js'
import { defineScenario } from './scenario.js'

const scenario = (id: string) =>
  defineScenario({
    id,
    description: 'd',
    runner: micro(),
    variants: { a: { baseline: true, prepare: () => () => 1 }, b: { prepare: () => () => 2 } },
  })

describe('scenariosInModule', () => {
  it('finds the default export, named exports and arrays of scenarios, each once', () => {
    const one = scenario('x/one')
    const two = scenario('x/two')
    expect(scenariosInModule({ default: one, alias: one, more: [two, 'not a scenario'] }).map((s) => s.id)).toEqual(['x/one', 'x/two'])
  })

  it('finds scenarios in a TypeScript file that was compiled to CommonJS (exports behind default)', () => {
    const commonJs = { __esModule: true, default: scenario('x/cjs'), helper: () => 1 }
    expect(scenariosInModule({ default: commonJs, helper: commonJs.helper }).map((s) => s.id)).toEqual(['x/cjs'])
  })

  it('finds nothing in a module without scenarios', () => {
    expect(scenariosInModule({ default: { some: 'config' }, n: 3 })).toEqual([])
  })
})
