import type { Unit } from '@dyno/core'

/**
 * Human-readable figures with their unit: 812 µs, 1.24 GB, 45.2k rows/s. Three significant
 * digits: more would claim a precision no benchmark on a shared machine has.
 */
function significant(value: number, digits = 3): string {
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (abs >= 10 ** digits) return Math.round(value).toString()
  return Number(value.toPrecision(digits)).toString()
}

const TIME_STEPS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
]

function formatNanoseconds(ns: number): string {
  for (const [scale, label] of TIME_STEPS) {
    if (Math.abs(ns) >= scale || scale === 1) return `${significant(ns / scale)} ${label}`
  }
  return `${significant(ns)} ns`
}

function formatBytes(bytes: number): string {
  const steps: [number, string][] = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ]
  for (const [scale, label] of steps) if (Math.abs(bytes) >= scale) return `${significant(bytes / scale)} ${label}`
  return `${Math.round(bytes)} B`
}

function formatCount(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 1e9) return `${significant(value / 1e9)}G`
  if (abs >= 1e6) return `${significant(value / 1e6)}M`
  if (abs >= 1e4) return `${significant(value / 1e3)}k`
  return significant(value)
}

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  switch (unit) {
    case 'ns':
      return formatNanoseconds(value)
    case 'us':
      return formatNanoseconds(value * 1e3)
    case 'ms':
      return formatNanoseconds(value * 1e6)
    case 's':
      return formatNanoseconds(value * 1e9)
    case 'bytes':
      return formatBytes(value)
    case 'fraction':
      return `${significant(value * 100)}%`
    case 'count':
      return formatCount(value)
    default:
      return `${formatCount(value)} ${unit}`
  }
}
