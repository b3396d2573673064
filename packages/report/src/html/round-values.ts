import type { VariantResult } from '@dyno/core'

/**
 * Per-round samples of one metric, read from the raw rounds (not the summaries), so every
 * chart shows exactly what was measured. Rounds that failed, and values that are missing or
 * not finite, become gaps rather than zeros.
 */
export function valuesByRound(variant: VariantResult, metric: string, rounds: number): (number | null)[] {
  const out: (number | null)[] = Array.from({ length: rounds }, () => null)
  for (const r of variant.rounds) {
    const v = r.values[metric]
    if (r.status === 'ok' && v !== undefined && Number.isFinite(v) && r.round >= 0 && r.round < rounds) out[r.round] = v
  }
  return out
}

export function okValues(variant: VariantResult, metric: string): number[] {
  const out: number[] = []
  for (const r of variant.rounds) {
    const v = r.values[metric]
    if (r.status === 'ok' && v !== undefined && Number.isFinite(v)) out.push(v)
  }
  return out
}

/** Rounds recorded for any variant: the x axis of a per-round chart. */
export function roundCount(variants: readonly VariantResult[]): number {
  let max = 0
  for (const v of variants) for (const r of v.rounds) max = Math.max(max, r.round + 1)
  return max
}
