/**
 * What a runner measures. Units are part of the name by convention (`nsPerOp`, `peakRssBytes`,
 * `rowsPerSec`) and spelled out in `unit`, so a figure is never a bare number.
 */
export type Unit = 'ns' | 'us' | 'ms' | 's' | 'bytes' | 'count' | 'fraction' | `${string}/s`

export type Better = 'lower' | 'higher'

export interface MetricSpec {
  name: string
  unit: Unit
  better: Better
  description?: string
}

/** How a metric is judged: whether it can fail the gate, and the smallest change that matters. */
export interface MetricPolicy {
  gated: boolean
  /** Relative change that counts as a regression or improvement, e.g. 0.05 for 5%. */
  threshold: number
}

export type MetricPolicyOverride = Partial<MetricPolicy>

export const DEFAULT_THRESHOLD = 0.05
