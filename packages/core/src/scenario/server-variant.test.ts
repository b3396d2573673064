import { describe, expect, expectTypeOf, it } from 'vitest'
import { closedModel, httpLoad } from '../runners/http-load-spec.js'
import type { ServerSpec } from '../runners/http-server-spec.js'
import { scenarioProblems } from './resolve-scenario.js'
import { type AnyScenario, defineScenario, type VariantContext } from './scenario.js'

const runner = httpLoad({ load: closedModel({ connections: 1, durationMs: 100 }), routes: [{ name: 'home', path: '/' }] })

describe('http-load variants in the scenario API', () => {
  it("infer the fixture's type into a server factory and still fit the erased AnyScenario", () => {
    const scenario = defineScenario({
      id: 'typed/server',
      description: 'typed',
      runner,
      setup: () => ({ databaseFile: '/tmp/app.db', accounts: 1000 }),
      variants: {
        before: {
          baseline: true,
          server: (fixture, context) => {
            expectTypeOf(fixture).toEqualTypeOf<{ databaseFile: string; accounts: number }>()
            expectTypeOf(context).toEqualTypeOf<VariantContext>()
            // @ts-expect-error the fixture has no such field
            void fixture.databaseUrl
            return { module: '/srv/app.js', export: 'createApp', options: { file: fixture.databaseFile, wal: false } }
          },
        },
        after: { server: { module: '/srv/app.js', export: 'createApp', options: { wal: true } } },
      },
    })
    const erased: AnyScenario = scenario
    const factory = erased.variants.before?.server
    expect(typeof factory).toBe('function')
    if (typeof factory === 'function') {
      const context: VariantContext = { quick: true, tempDir: '/tmp', seed: 1, databases: {}, variant: 'before' }
      expect(factory({ databaseFile: '/tmp/x.db', accounts: 1 }, context)).toEqual<ServerSpec>({
        module: '/srv/app.js',
        export: 'createApp',
        options: { file: '/tmp/x.db', wal: false },
      })
    }
    expect(scenarioProblems(erased)).toEqual([])
  })

  it('do not accept both a server and prepare()', () => {
    defineScenario({
      id: 'typed/both',
      description: 'both',
      runner,
      variants: {
        // @ts-expect-error a variant names a server or prepares an operation, not both
        a: { baseline: true, server: { module: '/srv/a.js' }, prepare: () => () => 1 },
        b: { server: { module: '/srv/b.js' } },
      },
    })
  })

  it('reject verify(), which has nothing to check in an http-load scenario', () => {
    const problems = scenarioProblems({
      id: 'typed/verify',
      description: 'verify',
      runner,
      variants: { a: { baseline: true, server: { module: '/srv/a.js' } }, b: { server: { module: '/srv/b.js' } } },
      verify: () => true,
    } as AnyScenario)
    expect(problems).toEqual([
      "scenario 'typed/verify': verify() does not apply to http-load scenarios; judge responses with a route's expectStatus or with errorClasses",
    ])
  })
})
