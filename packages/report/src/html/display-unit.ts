import type { Unit } from '@dyno/core'
import { stats } from '@dyno/core'

/**
 * The unit a chart axis shows a metric in: nanosecond timings of about a millisecond are
 * plotted as "ms" with values near 1, not as 1,000,000 "ns". Chosen from the median of the
 * values, so the bulk of a chart reads in one unit.
 */
export interface DisplayUnit {
  /** Divide a raw value by this to get the number plotted. */
  divisor: number
  /** Axis label for the plotted numbers, e.g. "ms", "MiB", "%", "rows/s". */
  label: string
}

const TIME_IN_NS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 }
const TIME_STEPS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
]
const BYTE_STEPS: [number, string][] = [
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
  [1, 'B'],
]
/** [threshold, divisor, prefix]: counts switch to "k" only from 10,000, as formatValue does. */
const COUNT_STEPS: [number, number, string][] = [
  [1e9, 1e9, 'G'],
  [1e6, 1e6, 'M'],
  [1e4, 1e3, 'k'],
  [0, 1, ''],
]

function pick(steps: readonly [number, string][], magnitude: number): [number, string] {
  for (const step of steps) if (magnitude >= step[0]) return step
  return steps[steps.length - 1] as [number, string]
}

export function displayUnit(unit: Unit, values: readonly number[]): DisplayUnit {
  const finite = values.filter((v) => Number.isFinite(v)).map(Math.abs)
  const magnitude = finite.length > 0 ? stats.median(finite) : 0
  const toNs = TIME_IN_NS[unit]
  if (toNs !== undefined) {
    const [scale, label] = pick(TIME_STEPS, magnitude * toNs)
    return { divisor: scale / toNs, label }
  }
  if (unit === 'bytes') {
    const [divisor, label] = pick(BYTE_STEPS, magnitude)
    return { divisor, label }
  }
  if (unit === 'fraction') return { divisor: 0.01, label: '%' }
  const [, divisor, prefix] = COUNT_STEPS.find(([threshold]) => magnitude >= threshold) ?? [0, 1, '']
  const label = unit === 'count' ? prefix || 'count' : `${prefix}${unit}`
  return { divisor, label }
}

/** "12 ms", "45%", "3 krows/s": a plotted number with its display unit. */
export function withDisplayUnit(value: number, unit: DisplayUnit): string {
  const text = String(Number(value.toPrecision(4)))
  if (unit.label === '%') return `${text}%`
  return unit.label === '' || unit.label === 'count' ? text : `${text} ${unit.label}`
}
