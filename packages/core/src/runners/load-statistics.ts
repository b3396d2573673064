import type { LoadRoundRecord, LoadWindowRecord, PooledFigures, RoundRecord, VariantResult } from '../schema/result-file.js'
import { bootstrapSamples, type CountedSample, poolSamples } from '../stats/histogram-bootstrap.js'
import {
  bucketValueUs,
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  type LatencyHistogram,
  mergeHistograms,
  sparseCounts,
} from '../stats/latency-histogram.js'
import { createRandom, seedFromString } from '../stats/prng.js'

/**
 * How http-load results feed dyno's statistics, at two levels:
 *
 * - **Rounds are the replicates.** Verdicts pair variants by interleaved round (Wilcoxon
 *   signed-rank on per-round log-ratios), exactly as for the other runners. Each round's
 *   p50/p95/p99, throughput and error rate are read off that round's merged histogram and
 *   summed counters, so a round is one honest sample however many windows it has. Windows of
 *   one round are not independent (they share the server process, its heap and its JIT
 *   state), so they must not be counted as extra replicates: that would overstate
 *   significance, the mistake of treating every request as a sample.
 * - **Windows are the within-round samples.** A seeded bootstrap over a round's windows gives
 *   the round's own 95% intervals (`round.load.intervals`), and the windows are the time
 *   series a report draws.
 * - **Pooled figures** describe a variant over the whole session: percentiles of all its
 *   rounds' histograms merged (never an average of percentiles) and rates from summed
 *   counts, with a cluster bootstrap over rounds for their intervals. Budgets in k6 style
 *   (`statistic: 'pooled'`) are judged on these.
 *
 * Every resample is seeded from the session seed, the variant and the round, so a result
 * file reproduces its intervals exactly.
 */
const REFERENCE = createLatencyHistogram()
const bucketValue = (index: number) => bucketValueUs(REFERENCE, index)

function windowSample(window: LoadWindowRecord, histogram: LatencyHistogram): CountedSample {
  const { indexes, counts } = sparseCounts(histogram)
  return {
    indexes,
    counts,
    ok: window.ok,
    errors: window.errors,
    durationMs: window.durationMs,
    scheduled: window.scheduled ?? 0,
    dropped: window.dropped ?? 0,
    late: window.late ?? 0,
  }
}

function roundSample(load: LoadRoundRecord, merged: LatencyHistogram): CountedSample {
  const { indexes, counts } = sparseCounts(merged)
  const sum = (pick: (w: LoadWindowRecord) => number | undefined) => load.windows.reduce((total, w) => total + (pick(w) ?? 0), 0)
  return {
    indexes,
    counts,
    ok: sum((w) => w.ok),
    errors: sum((w) => w.errors),
    durationMs: sum((w) => w.durationMs),
    scheduled: sum((w) => w.scheduled),
    dropped: sum((w) => w.dropped),
    late: sum((w) => w.late),
  }
}

export interface VariantLoadStatistics {
  rounds: RoundRecord[]
  pooled: PooledFigures | undefined
}

export function loadStatistics(variant: Pick<VariantResult, 'name' | 'rounds'>, seed: number): VariantLoadStatistics {
  const roundSamples: CountedSample[] = []
  const roundHistograms: LatencyHistogram[] = []
  let openModel = false
  const rounds = variant.rounds.map((round) => {
    const load = round.load
    if (load === undefined) return round
    openModel = load.model === 'open'
    const histograms = load.windows.map((w) => decodeHistogram(w.histogram))
    const intervals = bootstrapSamples(
      load.windows.map((w, i) => windowSample(w, histograms[i] as LatencyHistogram)),
      { bucketValue, openModel, random: createRandom((seed ^ seedFromString(`${variant.name}/round/${round.round}`)) >>> 0) },
    )
    if (round.status === 'ok') {
      const merged = mergeHistograms(histograms)
      roundHistograms.push(merged)
      roundSamples.push(roundSample(load, merged))
    }
    return { ...round, load: { ...load, intervals } }
  })
  if (roundSamples.length === 0) return { rounds, pooled: undefined }
  return {
    rounds,
    pooled: {
      method: 'merged histograms of all completed rounds; 95% intervals by a cluster bootstrap over rounds (1000 resamples)',
      rounds: roundSamples.length,
      values: poolSamples(roundSamples, { bucketValue, openModel }),
      intervals: bootstrapSamples(roundSamples, {
        bucketValue,
        openModel,
        random: createRandom((seed ^ seedFromString(`${variant.name}/pooled`)) >>> 0),
      }),
      histogram: encodeHistogram(mergeHistograms(roundHistograms)),
    },
  }
}
