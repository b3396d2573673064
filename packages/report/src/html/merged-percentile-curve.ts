import { stats, type VariantResult } from '@dyno/core'
import { renderChartFigure } from './chart-figure.js'
import { type ChartCollector, type ChartSeries, compact } from './chart-spec.js'
import { displayUnit } from './display-unit.js'
import type { Html } from './html-template.js'
import { type PanelSide, seriesLabel } from './panel-side.js'
import { useLogScale } from './value-axis.js'

/**
 * The latency percentile curve of an http-load scenario from each variant's histogram merged
 * over all its completed rounds (recorded at µs resolution, kept in the result as `pooled`):
 * the percentiles of every request the variant served, out to the "nines" where queueing and
 * stalls live, as HdrHistogram's percentile plots show them. Merging histograms is the only
 * honest way to get a tail percentile of a whole run; a median of per-round p99s is not one.
 */

/** The percentiles of the curve: the body, then one step further into the tail per "nine". */
const CURVE_PERCENTILES = [50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999]

interface MergedCurve {
  side: PanelSide
  variant: VariantResult
  histogram: stats.LatencyHistogram
}

function label(percentile: number): string {
  return `p${percentile}`
}

/**
 * Percentiles a histogram of `count` requests can tell apart from its maximum: p99.99 of
 * 5,000 requests is just the slowest one, so the curve stops where the smallest variant's
 * tail runs out, and ends at the maximum.
 */
export function resolvablePercentiles(count: number): number[] {
  // The epsilon keeps p99.9 of exactly 1,000 requests in, against floating-point rounding.
  return CURVE_PERCENTILES.filter((p) => count * (1 - p / 100) >= 1 - 1e-9)
}

/** Decoded merged histograms of every completed variant that has one; null if any lacks one. */
function mergedCurves(sides: readonly PanelSide[]): MergedCurve[] | null {
  const curves: MergedCurve[] = []
  for (const side of sides) {
    for (const variant of side.result.variants) {
      if (variant.status !== 'completed') continue
      const encoded = variant.pooled?.histogram
      if (encoded === undefined) return null
      try {
        const histogram = stats.decodeHistogram(encoded)
        if (histogram.totalCount > 0) curves.push({ side, variant, histogram })
      } catch {
        // A histogram that does not decode is left out rather than failing the whole report.
      }
    }
  }
  return curves.length > 0 ? curves : null
}

/** The chart, or null when the results carry no merged histograms (another runner, or an older file). */
export function renderMergedPercentileCurve(
  charts: ChartCollector,
  sides: readonly PanelSide[],
  colors: ReadonlyMap<string, string>,
): Html | null {
  const curves = mergedCurves(sides)
  if (curves === null) return null
  const fewest = Math.min(...curves.map((c) => c.histogram.totalCount))
  const percentiles = resolvablePercentiles(fewest)
  const valuesUs = curves.map((c) => [
    ...percentiles.map((p) => stats.percentileUs(c.histogram, p)),
    c.histogram.totalCount > 0 ? c.histogram.maxValue : null,
  ])
  const unit = displayUnit(
    'us',
    valuesUs.flat().filter((v): v is number => v !== null),
  )
  const series: ChartSeries[] = curves.map((c, i) => ({
    label: seriesLabel(c.variant.name, c.side),
    color: colors.get(c.variant.name) ?? '#555555',
    dashed: c.side.hollow,
    points: (valuesUs[i] ?? []).map((v) => (v === null ? null : compact(v / unit.divisor))),
  }))
  const total = curves.reduce((sum, c) => sum + c.histogram.totalCount, 0)
  return renderChartFigure(
    charts,
    {
      x: { kind: 'category', title: 'percentile of all requests in the run', labels: [...percentiles.map(label), 'max'] },
      y: { title: `latency (${unit.label})`, log: useLogScale(valuesUs.flat()), unit: unit.label },
      series,
    },
    'Latency percentiles of each variant, from its histogram merged over all rounds',
    `Latency percentile curve of every successful request (${total.toLocaleString('en-US')} in all), from each variant’s µs histogram merged over its rounds; the tail stops at the percentile the smallest variant’s ${fewest.toLocaleString('en-US')} requests can resolve. A curve that bends up sharply at the tail means queueing or stalls.`,
  )
}
