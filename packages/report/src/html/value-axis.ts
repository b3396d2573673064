/**
 * A numeric axis for the server-drawn SVG plots: where a value sits (0…1 along the axis) and
 * which round values get a tick. Logarithmic when every value is positive and they span more
 * than `LOG_SPAN`: a 15× faster variant would otherwise be a smudge at the axis's start, and
 * on a log axis equal ratios look equally far apart, which is how the verdicts speak.
 */
export interface ValueAxis {
  kind: 'linear' | 'log'
  min: number
  max: number
  /** Position of a value along the axis, 0 at `min` and 1 at `max` (clamped). */
  position(value: number): number
  ticks: number[]
}

export const LOG_SPAN = 8

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count)
  const power = 10 ** Math.floor(Math.log10(raw))
  const fraction = raw / power
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
  return nice * power
}

function linearAxis(lo: number, hi: number, tickCount: number): ValueAxis {
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1
    lo -= pad
    hi += pad
  }
  const step = niceStep(hi - lo, tickCount)
  const min = Math.floor(lo / step) * step
  const max = Math.ceil(hi / step) * step
  const ticks: number[] = []
  // Ticks are computed from an integer counter so rounding errors cannot add or drop one.
  for (let i = 0; min + i * step <= max + step / 1e6; i++) ticks.push(Number((min + i * step).toPrecision(12)))
  const span = max - min
  return { kind: 'linear', min, max, ticks, position: (v) => Math.min(1, Math.max(0, (v - min) / span)) }
}

function logAxis(lo: number, hi: number): ValueAxis {
  const min = 10 ** Math.floor(Math.log10(lo))
  const max = 10 ** Math.ceil(Math.log10(hi))
  const decades = Math.round(Math.log10(max / min))
  // 1-2-5 ticks while they stay readable, powers of ten only over many decades.
  const multipliers = decades <= 3 ? [1, 2, 5] : [1]
  const ticks: number[] = []
  for (let d = 0; d <= decades; d++) {
    for (const m of multipliers) {
      const tick = Number((min * 10 ** d * m).toPrecision(12))
      if (tick >= min && tick <= max) ticks.push(tick)
    }
  }
  const span = Math.log(max / min)
  return { kind: 'log', min, max, ticks, position: (v) => (v <= 0 ? 0 : Math.min(1, Math.max(0, Math.log(v / min) / span))) }
}

export function valueAxis(values: readonly number[], tickCount = 5): ValueAxis {
  const finite = values.filter((v) => Number.isFinite(v))
  if (finite.length === 0) return linearAxis(0, 1, tickCount)
  const lo = Math.min(...finite)
  const hi = Math.max(...finite)
  if (lo > 0 && hi / lo > LOG_SPAN) return logAxis(lo, hi)
  // Start at zero when that costs little room, so bar-like readings are not exaggerated.
  const from = lo > 0 && lo < hi * 0.3 ? 0 : lo
  return linearAxis(from, hi, tickCount)
}

/** Whether a chart of these values (gaps allowed) reads better on a logarithmic axis. */
export function useLogScale(values: readonly (number | null)[]): boolean {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (finite.length === 0) return false
  const lo = Math.min(...finite)
  return lo > 0 && Math.max(...finite) / lo > LOG_SPAN
}
