import { type AnyScenario, defineScenario, InspectorProfiler, micro, type PreparedVariant } from '@dyno/core'
import { CompiledPatternSet, filterNamesPerCall } from '@sut/import-pipeline'
import { generateRemoteListing, IMPORT_PATTERNS } from '../import-pipeline/remote-file-names.js'

/**
 * How much the CPU profiler slows down the work it records, measured by dyno itself: the same
 * work (seed 001's pattern matching, both implementations) run unprofiled and with dyno's
 * InspectorProfiler recording through whole rounds, as a profiling round does, at dyno's
 * interval (200 µs) and at V8's default (1000 µs). The variants are interleaved round by round
 * and compared in pairs, so the verdict's ratio is the profiler's overhead with its interval.
 *
 * Not a `*.scenario.ts`: `dyno run` does not pick it up by itself. Run it on purpose:
 *   npx dyno run --scenarios scenarios/dyno/profiler-overhead.bench.ts
 * (README, "Profiles", has the figures it gave.)
 */
function profiled(intervalUs: number, operation: () => string[]): () => Promise<PreparedVariant<string[]>> {
  return async () => {
    // Started before the round's clock and stopped after it, like a profiling round's.
    const profiler = new InspectorProfiler({ samplingIntervalUs: intervalUs, heap: false })
    await profiler.start()
    return {
      run: operation,
      dispose: async () => {
        await profiler.stop()
        profiler.close()
      },
    }
  }
}

function overheadScenario(id: string, description: string, operation: (names: string[]) => () => string[]): AnyScenario {
  return defineScenario({
    id,
    description,
    runner: micro(),
    tags: ['profiler-overhead'],
    setup: () => generateRemoteListing(1000).map((l) => l.name),
    variants: {
      unprofiled: { baseline: true, description: 'no profiler', prepare: (names) => operation(names) },
      'profiled-200us': { description: "dyno's profiler at its 200 µs interval", prepare: (names) => profiled(200, operation(names))() },
      'profiled-1000us': { description: "dyno's profiler at V8's default 1000 µs", prepare: (names) => profiled(1000, operation(names))() },
    },
  }) as AnyScenario
}

export const perCall = overheadScenario(
  'dyno/profiler-overhead-per-call',
  "The profiler's cost on seed 001's pattern matching, patterns compiled on every call (~1.4 ms per call)",
  (names) => () => filterNamesPerCall(names, IMPORT_PATTERNS),
)

export const compiledOnce = overheadScenario(
  'dyno/profiler-overhead-compiled-once',
  "The profiler's cost on seed 001's pattern matching, patterns compiled once (~100 µs per call)",
  (names) => {
    const patterns = new CompiledPatternSet(IMPORT_PATTERNS)
    return () => patterns.filter(names)
  },
)
