// The pure statistics, for reporters and anyone auditing a verdict by hand.
export { bootstrapInterval, bootstrapTwoSampleInterval, type Interval } from './bootstrap.js'
export { bootstrapSamples, type CountedSample, poolSamples } from './histogram-bootstrap.js'
export { hodgesLehmannPaired, hodgesLehmannTwoSample, type ShiftEstimate } from './hodges-lehmann.js'
export { holmAdjust } from './holm.js'
export {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  type LatencyHistogram,
  mergeHistograms,
  percentileUs,
  recordLatencyUs,
} from './latency-histogram.js'
export { type MannWhitneyResult, mannWhitneyU } from './mann-whitney.js'
export { normalCdf, normalQuantile } from './normal.js'
export { createRandom, type Random, seedFromString, shuffled } from './prng.js'
export { mean, median, medianAbsoluteDeviation, quantile, quantileOfSorted, sortedCopy } from './quantiles.js'
export { analyseIndependent, analysePaired, type RatioAnalysis } from './ratio-analysis.js'
export { type Summary, summarize } from './summary.js'
export { type SignedRankResult, wilcoxonSignedRank } from './wilcoxon-signed-rank.js'
