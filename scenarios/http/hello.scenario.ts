import { closedModel, defineScenario, httpLoad, loadBudget } from '@dyno/core'
import { helloServer } from './reference-server.js'

/**
 * The reference HTTP scenario: how fast can Node's HTTP stack alone answer on this machine?
 * A bare node:http server answers every request with the same small JSON document, under a
 * closed loop that keeps 32 connections busy. Its throughput is the ceiling any Node HTTP
 * service can reach here; other http-load scenarios add `nodeHttpCeiling()` as a variant to
 * report their throughput as a fraction of it, measured in the same run.
 *
 * The two variants differ only in how the body is made. JSON.stringify of a one-field object
 * costs well under a microsecond against ~15–30 µs of HTTP handling per request, so dyno is
 * expected to find them equivalent: the ceiling is set by the HTTP stack, not by serialisation.
 */
export default defineScenario({
  id: 'http/hello',
  description:
    'Ceiling of a Node HTTP service: bare node:http answering a fixed JSON body; JSON.stringify per request vs a prebuilt Buffer',
  runner: httpLoad({
    // Short rounds, many of them: the verdict pairs rounds, and each round starts a fresh
    // server, so ten 1-second rounds say more than two 5-second ones.
    load: closedModel({ connections: 32, durationMs: 1000 }),
    routes: [{ name: 'hello', method: 'GET', path: '/' }],
    windowMs: 250,
    warmupMs: 500,
  }),
  packages: ['@sut/http-reference'],
  tags: ['http', 'reference'],
  variants: {
    'stringify-per-request': {
      baseline: true,
      description: 'JSON.stringify a fresh object in every request handler, as a typical handler does',
      server: helloServer({ body: 'stringify' }),
    },
    'prebuilt-buffer': {
      description: 'Serialise the body once at start-up and write the same Buffer for every request',
      server: helloServer({ body: 'prebuilt' }),
    },
  },
  budgets: [loadBudget('errors < 0.1%', { reason: 'a bare HTTP server answering a constant never fails' })],
})
