import type { ProfileRecord, ResultFile, VariantResult } from '@dyno/core'
import {
  formatChangeLocation,
  formatGc,
  formatLocation,
  formatOverhead,
  formatShare,
  formatShareChange,
  measuredVariantOf,
  shortenLocation,
  splitChanges,
  triggerText,
  withinSamplingNoise,
} from '../format/format-profile.js'
import { formatValue } from '../format/format-value.js'
import { renderTable } from '../format/text-table.js'
import { type Palette, palette } from './colors.js'

/**
 * The profiles of a run in the terminal: per profiled scenario, why it was profiled, the
 * differential view (functions whose share of self time grew most in the head, then those
 * that shrank), each variant's GC and event-loop figures beside its profile, and where the
 * flame graphs are. Empty when no scenario was profiled.
 */
export interface RenderProfilesOptions {
  color: boolean
  /** Rows per direction of each differential view (default 5). */
  top?: number
  /** Flame graph (or profile file) to show per scenario and label, as the user should see it. */
  flameGraph?: (result: ResultFile, label: string) => string | null
  /** compare-refs: BASE's results, whose measured figures go beside the `base:` profiles. */
  baseResults?: readonly ResultFile[]
}

/** A profile record to show: a run's (with its measured variants) or a `dyno profile` session's. */
export interface ProfileItem {
  scenarioId: string
  record: ProfileRecord
  measured: readonly VariantResult[]
  /** compare-refs: BASE's measured variants, for the `base:<variant>` profiles. */
  measuredBase?: readonly VariantResult[]
  flameGraph?: (label: string) => string | null
  /** Whether the rounds came after measured ones that made verdicts. */
  afterVerdicts: boolean
}

function figuresLine(item: ProfileItem, label: string, p: Palette): string | null {
  const record = item.record.variants.find((v) => v.label === label)
  if (record === undefined) return null
  const parts: string[] = []
  const f = record.figures
  if (f.gcPauseMs !== undefined) parts.push(`GC ${formatGc(f.gcPauseMs, f.gcCount)}`)
  if (f.eventLoopUtilization !== undefined) parts.push(`event loop ${formatValue(f.eventLoopUtilization, 'fraction')} busy`)
  const overhead = formatOverhead(record)
  if (overhead !== null) parts.push(overhead)
  // The runner's own figures from the measured rounds, where it records them (throughput).
  const measured = measuredVariantOf(record, {
    own: item.measured,
    ...(item.measuredBase !== undefined ? { base: item.measuredBase } : {}),
  })?.summaries
  const gc = measured?.gcPauseMs?.median
  const elu = measured?.eventLoopUtilization?.median
  const measuredParts = [
    gc !== undefined ? `GC ${formatValue(gc, 'ms')}` : '',
    elu !== undefined ? `event loop ${formatValue(elu, 'fraction')}` : '',
  ].filter(Boolean)
  const status = record.status === 'profiled' ? '' : p.red(` ${record.status}: ${record.reason ?? ''}`)
  return `    ${label}: ${record.samples} samples${status}${parts.length > 0 ? ` · profiled: ${parts.join(', ')}` : ''}${measuredParts.length > 0 ? ` · measured rounds: ${measuredParts.join(', ')}` : ''}`
}

function renderItem(item: ProfileItem, options: { top?: number }, p: Palette): string {
  const { record } = item
  const top = options.top ?? 5
  const rounds = Math.max(0, ...record.variants.map((v) => v.rounds))
  const lines = [
    `${p.bold(item.scenarioId)} ${p.dim(`— profiled ${triggerText(record)}; ${rounds} ${rounds === 1 ? 'round' : 'rounds'} per variant${record.profiledProcess === 'server' ? ', the server process over each measured load' : ''}, sampled every ${record.samplingIntervalUs} µs${item.afterVerdicts ? '; not used for any verdict' : ''}`)}`,
  ]
  for (const diff of record.diffs) {
    const real = diff.functions.filter((f) => !withinSamplingNoise(f, diff.baseSamples, diff.headSamples))
    const { grew, shrank } = splitChanges(real)
    const row = (f: (typeof grew)[number]) => [
      f.functionName,
      shortenLocation(formatChangeLocation(f)),
      formatShare(f.baseShare),
      formatShare(f.headShare),
      f.change > 0 ? p.red(formatShareChange(f.change)) : p.green(formatShareChange(f.change)),
    ]
    lines.push(`  ${diff.head} vs ${diff.base}: share of self time (of ${diff.headSamples} and ${diff.baseSamples} samples)`)
    if (real.length === 0) {
      lines.push(p.dim('    no function’s share changed by more than the sampling noise'))
      continue
    }
    lines.push(
      renderTable(
        ['function', 'where', diff.base, diff.head, 'change'],
        [...grew.slice(0, top).map(row), ...(shrank.length > 0 ? [['…less time in', '', '', '', '']] : []), ...shrank.slice(0, 2).map(row)],
        ['left', 'left', 'right', 'right', 'right'],
        '    ',
      ),
    )
  }
  if (record.diffs.length === 0) {
    // No comparison (a single variant): its hottest functions instead.
    for (const v of record.variants) {
      const rows = v.topFunctions
        .slice(0, top)
        .map((f) => [f.functionName, shortenLocation(formatLocation(f.url, f.line)), formatShare(f.share)])
      if (rows.length > 0)
        lines.push(`  ${v.label}: most self time`, renderTable(['function', 'where', 'share'], rows, ['left', 'left', 'right'], '    '))
    }
  }
  for (const v of record.variants) {
    const line = figuresLine(item, v.label, p)
    if (line !== null) lines.push(line)
    const link = item.flameGraph?.(v.label)
    if (link) lines.push(p.dim(`      flame graph: ${link}`))
  }
  for (const w of record.warnings) lines.push(p.yellow(`  ⚠ ${w}`))
  return lines.join('\n')
}

/** Profile records one after the other, for `dyno profile`. */
export function renderProfileItems(items: readonly ProfileItem[], options: { color: boolean; top?: number }): string {
  const p = palette(options.color)
  return items.map((item) => renderItem(item, options, p)).join('\n\n')
}

/** The profiles of a run's results, or '' when none was profiled. */
export function renderProfiles(results: readonly ResultFile[], options: RenderProfilesOptions): string {
  const items: ProfileItem[] = results.flatMap((r) => {
    const base = options.baseResults?.find((b) => b.scenario.id === r.scenario.id)
    return r.profile === undefined
      ? []
      : [
          {
            scenarioId: r.scenario.id,
            record: r.profile,
            measured: r.variants,
            ...(base !== undefined ? { measuredBase: base.variants } : {}),
            afterVerdicts: true,
            ...(options.flameGraph ? { flameGraph: (label: string) => options.flameGraph?.(r, label) ?? null } : {}),
          },
        ]
  })
  if (items.length === 0) return ''
  const p = palette(options.color)
  return `${p.bold('Profiles')} (where the time went; measured apart from the verdict's rounds)\n${renderProfileItems(items, options)}`
}
