import type { Comparison, ResultFile, RunComparison } from '@dyno/core'
import type { UncomparedRow } from './summary-section.js'

/**
 * Summary rows for what got no verdict, and why: a variant that errored or gave wrong
 * output, a baseline that failed (so nothing could be compared with it), a scenario that could
 * not run, or one that exists in only one of two runs. Without these rows a broken variant
 * would simply be missing from the table, which reads like good news.
 */
function compared(comparisons: readonly Comparison[], scenarioId: string, variant: string): boolean {
  return comparisons.some((c) => c.scenarioId === scenarioId && c.head.variant === variant)
}

export function uncomparedInRun(results: readonly ResultFile[], comparisons: readonly Comparison[]): UncomparedRow[] {
  const rows: UncomparedRow[] = []
  for (const result of results) {
    const id = result.scenario.id
    if (result.error !== null) {
      rows.push({ scenarioId: id, variant: null, status: 'could not run', reason: result.error.message })
      continue
    }
    const baseline = result.variants.find((v) => v.name === result.scenario.baselineVariant)
    if (baseline !== undefined && baseline.status !== 'completed') {
      rows.push({ scenarioId: id, variant: baseline.name, status: `baseline ${baseline.status}`, reason: baseline.statusReason ?? '' })
    }
    for (const v of result.variants) {
      if (v === baseline || compared(comparisons, id, v.name)) continue
      if (v.status !== 'completed') rows.push({ scenarioId: id, variant: v.name, status: v.status, reason: v.statusReason ?? '' })
      else if (baseline === undefined || baseline.status !== 'completed')
        rows.push({
          scenarioId: id,
          variant: v.name,
          status: 'not compared',
          reason: `its baseline ${result.scenario.baselineVariant} has no completed rounds`,
        })
      else
        rows.push({
          scenarioId: id,
          variant: v.name,
          status: 'not compared',
          reason: 'no round in which both it and the baseline completed',
        })
    }
  }
  return rows
}

export function uncomparedAcrossRuns(base: readonly ResultFile[], head: readonly ResultFile[], comparison: RunComparison): UncomparedRow[] {
  const rows: UncomparedRow[] = []
  for (const h of head) {
    const id = h.scenario.id
    const b = base.find((r) => r.scenario.id === id)
    if (b === undefined) {
      rows.push({ scenarioId: id, variant: null, status: 'added', reason: 'only in head: there is nothing to compare it with' })
      continue
    }
    if (h.error !== null) rows.push({ scenarioId: id, variant: null, status: 'could not run in head', reason: h.error.message })
    if (b.error !== null) rows.push({ scenarioId: id, variant: null, status: 'could not run in base', reason: b.error.message })
    if (h.error !== null || b.error !== null) continue
    for (const v of h.variants) {
      if (compared(comparison.comparisons, id, v.name)) continue
      const bv = b.variants.find((x) => x.name === v.name)
      if (bv === undefined) rows.push({ scenarioId: id, variant: v.name, status: 'added', reason: 'this variant exists only in head' })
      else if (v.status !== 'completed')
        rows.push({ scenarioId: id, variant: v.name, status: `${v.status} in head`, reason: v.statusReason ?? '' })
      else if (bv.status !== 'completed')
        rows.push({ scenarioId: id, variant: v.name, status: `${bv.status} in base`, reason: bv.statusReason ?? '' })
      else rows.push({ scenarioId: id, variant: v.name, status: 'not compared', reason: 'no metric with samples on both sides' })
    }
    for (const bv of b.variants) {
      if (!h.variants.some((v) => v.name === bv.name))
        rows.push({ scenarioId: id, variant: bv.name, status: 'removed', reason: 'this variant exists only in base' })
    }
  }
  for (const id of comparison.removed)
    rows.push({ scenarioId: id, variant: null, status: 'removed', reason: 'only in base: head did not run it' })
  return rows
}
