import type { ServerSpec, ServerVariantSpec } from '@dyno/core'
import type { HelloServerOptions } from '@sut/http-reference'

/** The reference server (@sut/http-reference), typed by its own options. */
export function helloServer(options: HelloServerOptions): ServerSpec {
  return { module: import.meta.resolve('@sut/http-reference'), export: 'createHelloServer', options }
}

/**
 * The Node HTTP ceiling as an extra variant of any http-load scenario. A bare node:http
 * server answering a fixed JSON body to every method and path runs in the same interleaved
 * rounds, under the same load profile and request mix, as the scenario's own variants, so
 * "this service reaches N% of what Node's HTTP stack can do on this machine" is measured in the
 * same run, round by round:
 *
 * ```ts
 * variants: { before: { baseline: true, server: … }, after: { server: … }, 'node-http-ceiling': { ...nodeHttpCeiling(), reference: true } }
 * // dyno run prints "reference  after throughputRps = 0.31× [0.30, 0.32] of node-http-ceiling";
 * // the result file holds it in `references`, and for any metric:
 * referenceFraction(result, { variant: 'after', reference: 'node-http-ceiling' })  // e.g. 0.31 [0.30, 0.32]
 * ```
 *
 * It answers 200 to everything: routes that expect another status (201 for a POST) count its
 * answers as errors, so give such routes `expectStatus: [200, 201]` when the ceiling is in the mix.
 */
export function nodeHttpCeiling(): ServerVariantSpec<unknown> {
  return {
    description: 'The ceiling: a bare node:http server answering a prebuilt JSON body (@sut/http-reference)',
    server: helloServer({ body: 'prebuilt' }),
  }
}
