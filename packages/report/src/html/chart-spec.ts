/**
 * What the page's small client script needs to draw one line chart. Specs are
 * collected while the HTML is rendered and shipped as one JSON block, so the markup stays
 * free of inline code and every string in them reaches the page as data, never as script.
 */
export interface ChartSeries {
  label: string
  color: string
  /** Dashed line, e.g. the base side of a comparison. */
  dashed?: boolean
  /** With a category x axis: one value per label (null = no sample, a gap). With a linear x axis: [x, y] pairs. */
  points: (number | null)[] | [number, number][]
  /**
   * A confidence interval around each point (category x axis only), drawn as a shaded band
   * in the series' colour and named in the tooltip: a line of medians alone would make every
   * wiggle look like a change.
   */
  band?: {
    low: (number | null)[]
    high: (number | null)[] /** What the band is, in the legend's value; default '95% CI'. */
    label?: string
  }
}

export interface ChartSpec {
  x: { kind: 'category'; title: string; labels: (string | number)[] } | { kind: 'linear'; title: string }
  y: { title: string; log: boolean; unit: string }
  series: ChartSeries[]
}

/** Collects chart specs and hands out ids that are unique within one report. */
export class ChartCollector {
  readonly specs: Record<string, ChartSpec> = {}
  private count = 0
  private ids = 0

  add(spec: ChartSpec): string {
    this.count++
    const id = `chart-${this.count}`
    this.specs[id] = spec
    return id
  }

  /** An id for another element (e.g. an SVG figure), in the same namespace. */
  nextId(prefix: string): string {
    this.ids++
    return `${prefix}-${this.ids}`
  }
}

/** Keeps the JSON small: five significant digits is far beyond what a chart can show. */
export function compact(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null
  return Number(value.toPrecision(5))
}
