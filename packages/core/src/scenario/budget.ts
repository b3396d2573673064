/**
 * An absolute limit in k6 style ("p95 < 50 ms"), applied to a variant's median of a metric.
 * Budgets complement relative verdicts: a change can be equivalent to its base and still be
 * too slow for the product.
 */
export interface Budget {
  metric: string
  /** Variant the budget applies to; all variants when omitted. */
  variant?: string
  /**
   * The statistic of the metric's per-round values that must stay within the limit; default
   * 'median'. 'pooled' (http-load only) takes the figure over all rounds at once, as k6 does
   * over a whole test: the p95 of the merged latency histogram, total errors over total
   * requests — see `loadBudget('p95 < 50ms')`.
   */
  statistic?: 'median' | 'p95' | 'max' | 'mean' | 'pooled'
  max?: number
  min?: number
  /** Why this budget exists, e.g. the seed's target. */
  reason?: string
}
