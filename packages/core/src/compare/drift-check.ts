import type { Warning } from '../checks/warning.js'
import type { MetricPolicy, MetricSpec } from '../scenario/metric.js'
import { mannKendall } from '../stats/trend.js'

/**
 * Warns when the per-round head/base ratio of interleaved variants trends with round order.
 * Interleaving makes drift in the machine's state cancel out only if it affects both variants
 * alike; a trend in the ratio says it did not (e.g. one variant's cache or JIT state builds
 * up across rounds), so the verdict depends on how many rounds happened to run.
 */
const DRIFT_ALPHA = 0.01

export function driftWarning(
  base: readonly number[],
  head: readonly number[],
  metric: MetricSpec & MetricPolicy,
  subject: string,
): Warning | null {
  if (base.length < 8) return null
  const positive = base.every((v) => v > 0) && head.every((v) => v > 0)
  const series = head.map((h, i) => (positive ? Math.log(h / (base[i] as number)) : h - (base[i] as number)))
  const trend = mannKendall(series)
  if (trend.p >= DRIFT_ALPHA) return null
  const total = trend.slope * (series.length - 1)
  const size = positive ? `${(Math.expm1(Math.abs(total)) * 100).toFixed(1)}%` : `${Math.abs(total).toPrecision(3)} ${metric.unit}`
  return {
    code: 'drift',
    severity: 'warning',
    metric: metric.name,
    message: `${subject}, ${metric.name}: the per-round ratio drifts with round order (Mann–Kendall p=${trend.p.toPrecision(2)}; ${size} ${total > 0 ? 'rising' : 'falling'} from first to last round), so the two variants did not share the machine's state evenly and the verdict depends on the run's length`,
  }
}
