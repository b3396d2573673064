import { hodgesLehmannPaired, hodgesLehmannTwoSample, type ShiftEstimate } from './hodges-lehmann.js'
import { mannWhitneyU } from './mann-whitney.js'
import { median } from './quantiles.js'
import { wilcoxonSignedRank } from './wilcoxon-signed-rank.js'

/**
 * How much larger head is than base, as a ratio with a confidence interval and a p-value.
 *
 * Timings are compared on the log scale: a slowdown is multiplicative (the same code 10%
 * slower on a faster machine is still 10%), log-ratios are symmetric (×2 and ×½ are equally
 * far from 1), and scaling both sides leaves every figure unchanged. Values that can be zero
 * (GC pause, error counts) have no ratio, so those are compared as differences relative to
 * the base median instead.
 *
 * Paired: interleaved rounds give one head/base ratio per round. Pairing removes the machine
 * state both variants shared in that round (another process's burst, thermal state), which
 * is most of the noise on a shared machine; the Wilcoxon signed-rank test and its
 * Hodges–Lehmann interval then judge the per-round log-ratios.
 *
 * Independent: samples from different runs are compared with the Mann–Whitney U test and the
 * two-sample Hodges–Lehmann interval.
 */
export interface RatioAnalysis {
  scale: 'log-ratio' | 'difference'
  method: string
  estimate: number
  low: number
  high: number
  level: number
  p: number
  /** Half-width of the interval on the analysis scale (log or relative), Infinity if unbounded. */
  halfWidth: number
}

function allPositive(values: readonly number[]): boolean {
  return values.every((v) => v > 0 && Number.isFinite(v))
}

function fromLogShift(shift: ShiftEstimate, p: number, method: string): RatioAnalysis {
  return {
    scale: 'log-ratio',
    method,
    estimate: Math.exp(shift.estimate),
    low: Math.exp(shift.low),
    high: Math.exp(shift.high),
    level: shift.level,
    p,
    halfWidth: (shift.high - shift.low) / 2,
  }
}

function fromDifferenceShift(shift: ShiftEstimate, baseMedian: number, p: number, method: string): RatioAnalysis {
  // Express the shift relative to the base median so the verdict's threshold means the same
  // thing as for ratios. With a zero base median there is no relative scale: only "no change"
  // (a zero-width interval at 0) can be judged.
  const scale = Math.abs(baseMedian)
  if (scale === 0) {
    const none = shift.low === 0 && shift.high === 0
    return {
      scale: 'difference',
      method,
      estimate: none ? 1 : Number.NaN,
      low: none ? 1 : Number.NaN,
      high: none ? 1 : Number.NaN,
      level: shift.level,
      p,
      halfWidth: none ? 0 : Number.POSITIVE_INFINITY,
    }
  }
  return {
    scale: 'difference',
    method,
    estimate: 1 + shift.estimate / scale,
    low: 1 + shift.low / scale,
    high: 1 + shift.high / scale,
    level: shift.level,
    p,
    halfWidth: (shift.high - shift.low) / 2 / scale,
  }
}

export function analysePaired(base: readonly number[], head: readonly number[], level = 0.95): RatioAnalysis {
  if (base.length !== head.length) throw new RangeError('paired samples must have the same length')
  if (allPositive(base) && allPositive(head)) {
    const d = head.map((h, i) => Math.log(h / (base[i] as number)))
    return fromLogShift(
      hodgesLehmannPaired(d, level),
      wilcoxonSignedRank(d).p,
      'Wilcoxon signed-rank test on per-round log-ratios; Hodges–Lehmann interval',
    )
  }
  const d = head.map((h, i) => h - (base[i] as number))
  return fromDifferenceShift(
    hodgesLehmannPaired(d, level),
    median(base),
    wilcoxonSignedRank(d).p,
    'Wilcoxon signed-rank test on per-round differences; Hodges–Lehmann interval relative to the base median',
  )
}

export function analyseIndependent(base: readonly number[], head: readonly number[], level = 0.95): RatioAnalysis {
  if (allPositive(base) && allPositive(head)) {
    const lb = base.map(Math.log)
    const lh = head.map(Math.log)
    return fromLogShift(
      hodgesLehmannTwoSample(lb, lh, level),
      mannWhitneyU(lb, lh).p,
      'Mann–Whitney U test on log values; two-sample Hodges–Lehmann interval',
    )
  }
  return fromDifferenceShift(
    hodgesLehmannTwoSample(base, head, level),
    median(base),
    mannWhitneyU(base, head).p,
    'Mann–Whitney U test; two-sample Hodges–Lehmann interval relative to the base median',
  )
}
