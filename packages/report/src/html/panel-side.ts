import type { MetricPolicy, MetricSpec, ResultFile } from '@dyno/core'

/**
 * One run's result for a scenario as the charts see it: a single side in a run's report, BASE
 * and HEAD in a comparison. Series and plot rows are labelled with the side when there are two.
 */
export interface PanelSide {
  /** "base"/"head" when a report shows two runs; null for a single run. */
  label: string | null
  result: ResultFile
  /** Base sides are drawn hollow and dashed, heads solid. */
  hollow: boolean
}

export type Metric = MetricSpec & MetricPolicy

export function seriesLabel(variant: string, side: PanelSide): string {
  return side.label === null ? variant : `${variant} · ${side.label}`
}
