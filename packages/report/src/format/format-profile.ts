import {
  BASE_LABEL,
  type FunctionChange,
  type FunctionShareRecord,
  type ProfiledVariantRecord,
  type ProfileRecord,
  type VariantResult,
} from '@dyno/core'
import { formatValue } from './format-value.js'

/**
 * Words and numbers for profiles, shared by the terminal, Markdown and HTML: a function as
 * `name  file:line`, shares as percentages of all samples, changes in percentage points (the
 * difference of two shares, not a relative change).
 */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}

/** "+37.2 pp", "−4.0 pp": percentage points, with U+2212 so columns line up. */
export function formatShareChange(change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±'
  return `${sign}${Math.abs(change * 100).toFixed(1)} pp`
}

/** Where a function is: `src/x.ts:12`, `node:fs`, or nothing for V8's own frames. */
export function formatLocation(url: string, line: number | null): string {
  if (url === '') return ''
  return line === null ? url : `${url}:${line}`
}

/** The location of a row of the differential view; `a.ts:10→14` when the function moved. */
export function formatChangeLocation(change: FunctionChange): string {
  const lines =
    change.baseLine !== null && change.headLine !== null && change.baseLine !== change.headLine
      ? `${change.baseLine}→${change.headLine}`
      : (change.headLine ?? change.baseLine)
  if (change.url === '') return ''
  return lines === null ? change.url : `${change.url}:${lines}`
}

/** Long paths keep their end, which names the file: `…/src/patterns/glob-to-regex.ts:12`. */
export function shortenLocation(location: string, max = 60): string {
  return location.length <= max ? location : `…${location.slice(-(max - 1))}`
}

export function functionLabel(f: Pick<FunctionShareRecord, 'functionName' | 'url' | 'line'>): string {
  const where = formatLocation(f.url, f.line)
  return where === '' ? f.functionName : `${f.functionName} (${where})`
}

export function triggerText(record: ProfileRecord): string {
  return record.trigger === 'regression' ? `automatically, because ${record.reason}` : record.reason
}

/** The measured variants a profile's figures are shown beside: its own result's, and in compare-refs BASE's. */
export interface MeasuredVariants {
  own: readonly VariantResult[]
  /** BASE's result, for the `base:<variant>` profiles compare-refs keeps on HEAD's result. */
  base?: readonly VariantResult[]
}

/**
 * The measured variant whose runner figures belong beside a profiled one. A `base:<variant>`
 * profile sits on HEAD's result but ran on BASE's build: its figures come from BASE's result,
 * or none are shown when that is not at hand — never HEAD's under BASE's name.
 */
export function measuredVariantOf(v: ProfiledVariantRecord, measured: MeasuredVariants): VariantResult | undefined {
  const list = v.label === `${BASE_LABEL}:${v.variant}` ? measured.base : measured.own
  return list?.find((x) => x.name === v.variant)
}

/**
 * "ran 8.0% slower under the profiler (5 rounds)", from the profiled and measured medians of
 * the same run. The number of profiled rounds goes with it: a median of two short jobs on a busy
 * machine can be far off, and the reader should see how little it rests on.
 */
export function formatOverhead(variant: ProfiledVariantRecord): string | null {
  const o = variant.overhead
  if (o === null) return null
  const rounds = `${variant.rounds} round${variant.rounds === 1 ? '' : 's'}`
  return `ran ${(Math.abs(o.slowdown - 1) * 100).toFixed(1)}% ${o.slowdown >= 1 ? 'slower' : 'faster'} under the profiler (${rounds})`
}

/** Increases and decreases of a differential view, as its record keeps them (increases first). */
export function splitChanges(functions: readonly FunctionChange[]): { grew: FunctionChange[]; shrank: FunctionChange[] } {
  return { grew: functions.filter((f) => f.change > 0), shrank: functions.filter((f) => f.change < 0) }
}

/**
 * Whether a change in share is within the sampling noise of the two profiles: less than three
 * standard errors of a difference of two proportions (sqrt(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂)).
 * Three rather than two because successive samples are not independent, which makes the
 * textbook error too small. Such rows are shown dimmed, or left out of the terminal.
 */
export function withinSamplingNoise(f: FunctionChange, baseSamples: number, headSamples: number): boolean {
  if (baseSamples <= 0 || headSamples <= 0) return true
  const variance = (f.baseShare * (1 - f.baseShare)) / baseSamples + (f.headShare * (1 - f.headShare)) / headSamples
  // A share of 0 on both sides' estimates has no variance of its own: one sample is the floor.
  const floor = 1 / Math.min(baseSamples, headSamples)
  return Math.abs(f.change) < Math.max(3 * Math.sqrt(variance), floor)
}

/** GC figures of a profile in words: "3.2 ms in 4 pauses", or "none". */
export function formatGc(pauseMs: number | undefined, count: number | undefined): string {
  if (pauseMs === undefined) return '–'
  if (count === 0 || pauseMs === 0) return 'none'
  return count === undefined ? formatValue(pauseMs, 'ms') : `${formatValue(pauseMs, 'ms')} in ${Math.round(count)} pauses`
}
