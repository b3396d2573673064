/**
 * Holm's step-down adjustment (Holm 1979): controls the family-wise error rate across a
 * suite's comparisons (scenarios × variants × metrics) without assuming independence, and is
 * uniformly more powerful than Bonferroni. Returns adjusted p-values in the input order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => (pValues[a] as number) - (pValues[b] as number))
  const adjusted: number[] = new Array(m)
  let running = 0
  order.forEach((index, rank) => {
    const p = pValues[index] as number
    running = Math.max(running, Math.min(1, (m - rank) * p))
    adjusted[index] = Number.isNaN(p) ? Number.NaN : running
  })
  return adjusted
}
