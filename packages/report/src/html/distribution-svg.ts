import { stats, type Unit } from '@dyno/core'
import { formatValue } from '../format/format-value.js'
import { displayUnit, withDisplayUnit } from './display-unit.js'
import { type Html, html } from './html-template.js'
import { valueAxis } from './value-axis.js'

/**
 * A box plot with every raw per-round sample drawn over it (a strip plot), one row per
 * variant, drawn as static SVG on the server. Showing the raw points matters: 10–20 rounds are
 * too few for a box alone to be honest, and a bimodal or drifting variant is visible at once.
 * Needs no JavaScript, so it also prints and survives a blocked script.
 */
export interface DistributionGroup {
  label: string
  values: readonly number[]
  color: string
  /** Shown instead of a box when there is nothing to draw, e.g. "errored: connection refused". */
  note?: string
  /** Drawn hollow, e.g. the base side of a comparison. */
  hollow?: boolean
}

export interface DistributionOptions {
  metric: string
  unit: Unit
  title: string
  id: string
}

const WIDTH = 560
const ROW = 34
const TOP = 8
const AXIS = 30
const RIGHT = 16
const CHAR = 6.9
const MAX_LABEL_CHARS = 30
/** Average width of a tick label's character at the plot's 11.5 px font, and the least gap between labels. */
const TICK_CHAR = 6.4
const TICK_GAP = 8

function shorten(label: string): string {
  const chars = [...label]
  return chars.length <= MAX_LABEL_CHARS ? label : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`
}

/** Deterministic vertical spread for points, so the same result always draws the same picture. */
function jitter(index: number): number {
  return ((index * 0.618033988749895) % 1) - 0.5
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}

/**
 * Which ticks get a label: every grid line is drawn, but a label that would run into the one
 * before it is left out (a log axis over three decades has ten ticks, and "20000 req/s" is
 * wide), and the last one is right-aligned when centring it would cut it off at the edge.
 */
function tickLabels(ticks: readonly number[], tickX: (t: number) => number, text: (t: number) => string) {
  const labels: { x: number; anchor: 'middle' | 'end'; text: string }[] = []
  let lastRight = Number.NEGATIVE_INFINITY
  for (const t of ticks) {
    const label = text(t)
    const width = [...label].length * TICK_CHAR
    const x = tickX(t)
    const anchor = x + width / 2 > WIDTH ? 'end' : 'middle'
    const left = anchor === 'end' ? x - width : x - width / 2
    if (left < lastRight + TICK_GAP) continue
    labels.push({ x, anchor, text: label })
    lastRight = anchor === 'end' ? x : x + width / 2
  }
  return labels
}

export function renderDistributionSvg(groups: readonly DistributionGroup[], options: DistributionOptions): Html {
  const all = groups.flatMap((g) => g.values.filter((v) => Number.isFinite(v)))
  // The axis is laid out in display units, so its ticks are round numbers of ms or MiB
  // rather than round numbers of nanoseconds or bytes.
  const unit = displayUnit(options.unit, all)
  const axis = valueAxis(all.map((v) => v / unit.divisor))
  const labelWidth = Math.min(MAX_LABEL_CHARS, Math.max(6, ...groups.map((g) => [...shorten(g.label)].length))) * CHAR + 14
  const plotLeft = labelWidth
  const plotWidth = WIDTH - plotLeft - RIGHT
  const x = (v: number) => round1(plotLeft + axis.position(v / unit.divisor) * plotWidth)
  const height = TOP + groups.length * ROW + AXIS
  const axisY = TOP + groups.length * ROW

  const tickX = (t: number) => round1(plotLeft + axis.position(t) * plotWidth)
  // All grid lines are one path, and each point below is a zero-length segment of one path
  // with round caps: a full run draws thousands of samples, and an element per mark is what
  // pushed a report past its 1 MB budget.
  const gridPath = axis.ticks.map((t) => `M${tickX(t)} ${TOP}V${axisY}`).join('')
  const grid = html`<path class="grid" d="${gridPath}"></path>${tickLabels(axis.ticks, tickX, (t) => withDisplayUnit(t, unit)).map(
    (label) => html`<text class="tick" x="${label.x}" y="${axisY + 16}" text-anchor="${label.anchor}">${label.text}</text>`,
  )}`
  const rows = groups.map((group, i) => {
    const cy = TOP + i * ROW + ROW / 2
    const label = html`<text class="row-label" x="${plotLeft - 8}" y="${cy + 4}" text-anchor="end"><title>${group.label}</title>${shorten(group.label)}</text>`
    const values = group.values.filter((v) => Number.isFinite(v))
    if (values.length === 0) {
      return html`<g>${label}<text class="row-note" x="${plotLeft + 6}" y="${cy + 4}">${group.note ?? 'no completed rounds'}</text></g>`
    }
    const sorted = stats.sortedCopy(values)
    const q1 = stats.quantileOfSorted(sorted, 0.25)
    const med = stats.quantileOfSorted(sorted, 0.5)
    const q3 = stats.quantileOfSorted(sorted, 0.75)
    // Tukey's whiskers: to the furthest sample within 1.5 IQR of the box; the points beyond are
    // visible anyway, since every sample is drawn.
    const iqr = q3 - q1
    const low = sorted.find((v) => v >= q1 - 1.5 * iqr) ?? q1
    const high = [...sorted].reverse().find((v) => v <= q3 + 1.5 * iqr) ?? q3
    const fill = group.hollow ? 'none' : group.color
    const box = html`<line class="whisker" x1="${x(low)}" x2="${x(high)}" y1="${cy}" y2="${cy}" stroke="${group.color}"></line>
<rect class="box" x="${x(q1)}" y="${cy - 9}" width="${Math.max(1, round1(x(q3) - x(q1)))}" height="18" fill="${fill}" fill-opacity="0.18" stroke="${group.color}"></rect>
<line class="median" x1="${x(med)}" x2="${x(med)}" y1="${cy - 11}" y2="${cy + 11}" stroke="${group.color}"></line>`
    const dots = values.map((v, j) => `M${x(v)} ${round1(cy + jitter(j) * 14)}h0`).join('')
    // A hollow point is a coloured dot with a smaller white dot on top.
    const points = html`<path class="points" d="${dots}" stroke="${group.color}"></path>${
      group.hollow ? html`<path class="points-hole" d="${dots}"></path>` : ''
    }`
    const summary = `${group.label}: median ${formatValue(med, options.unit)}, quartiles ${formatValue(q1, options.unit)} to ${formatValue(q3, options.unit)}, ${values.length} rounds`
    return html`<g><title>${summary}</title>${label}${box}${points}</g>`
  })
  return html`<svg class="distribution" id="${options.id}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${options.id}-title" preserveAspectRatio="xMinYMin meet"><title id="${options.id}-title">${options.title}${axis.kind === 'log' ? ' (logarithmic axis)' : ''}</title>
<line class="axis" x1="${plotLeft}" x2="${WIDTH - RIGHT}" y1="${axisY}" y2="${axisY}"></line>${grid}${rows}</svg>`
}
