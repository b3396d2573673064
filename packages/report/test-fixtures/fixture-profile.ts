import type { FunctionChange, ProfileRecord, ResultFile } from '@dyno/core'

/**
 * A profile record as `dyno run` attaches it after a regression, for renderer tests: the head
 * added `distinctiveHotFunction`; one increase and one decrease are within sampling noise; a
 * function name is hostile markup, to prove it stays text. Deterministic (no profiler runs).
 */
export const HOSTILE_FUNCTION = '<img src=x onerror="window.pwned=3">'

function change(functionName: string, url: string, line: number | null, baseShare: number, headShare: number): FunctionChange {
  return {
    functionName,
    url,
    baseLine: baseShare > 0 ? line : null,
    headLine: headShare > 0 ? line : null,
    baseShare,
    headShare,
    change: headShare - baseShare,
    baseSelfMs: baseShare * 400,
    headSelfMs: headShare * 700,
  }
}

export function fixtureProfile(base: string, head: string): ProfileRecord {
  const top = (name: string, share: number) => ({
    functionName: name,
    url: 'src/work.ts',
    line: 12,
    selfSamples: Math.round(share * 2000),
    selfMs: share * 400,
    share,
  })
  const variant = (label: string, samples: number, hot: ReturnType<typeof top>[]) => ({
    label,
    variant: label,
    status: 'profiled' as const,
    reason: null,
    rounds: 5,
    cpuProfile: `profiles/fixture/${label}.cpuprofile`,
    heapProfile: null,
    samples,
    profiledMs: samples * 0.2,
    figures: { nsPerOp: label === head ? 9000 : 4700, gcPauseMs: 1.5, gcCount: 3, eventLoopUtilization: 0.99 },
    overhead: {
      metric: 'nsPerOp',
      measuredMedian: label === head ? 8800 : 4600,
      profiledMedian: label === head ? 9000 : 4700,
      slowdown: 1.022,
    },
    topFunctions: hot,
  })
  return {
    trigger: 'regression',
    reason: `${head} regressed on nsPerOp (+91.3%) against ${base}`,
    startedAt: '2026-11-23T10:57:00.000Z',
    finishedAt: '2026-11-23T10:57:03.000Z',
    durationMs: 3000,
    samplingIntervalUs: 200,
    heap: false,
    isolation: 'in-process',
    variants: [
      variant(base, 2000, [top('sharedWork', 0.9)]),
      variant(head, 3500, [top('distinctiveHotFunction', 0.45), top('sharedWork', 0.5)]),
    ],
    diffs: [
      {
        base,
        head,
        baseSamples: 2000,
        headSamples: 3500,
        functions: [
          change('distinctiveHotFunction', 'src/work.ts', 20, 0, 0.45),
          change(HOSTILE_FUNCTION, 'src/<b>x</b>.ts', 3, 0.01, 0.03),
          change('tinyNoise', 'node_modules/tinybench/dist/index.js', 265, 0.001, 0.0015),
          change('sharedWork', 'src/work.ts', 5, 0.9, 0.5),
        ],
      },
    ],
    warnings: [],
  }
}

/** The result with the fixture profile attached, its variant names taken from the result. */
export function withProfile(result: ResultFile): ResultFile {
  const head = result.variants.find((v) => !v.baseline)?.name ?? 'head'
  return { ...result, profile: fixtureProfile(result.scenario.baselineVariant, head) }
}
