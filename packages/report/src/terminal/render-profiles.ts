import type { ResultFile } from '@dyno/core'
import {
  formatChangeLocation,
  formatGc,
  formatLocation,
  formatOverhead,
  formatShare,
  formatShareChange,
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
}

function figuresLine(result: ResultFile, label: string, p: Palette): string | null {
  const record = result.profile?.variants.find((v) => v.label === label)
  if (record === undefined) return null
  const parts: string[] = []
  const f = record.figures
  if (f.gcPauseMs !== undefined) parts.push(`GC ${formatGc(f.gcPauseMs, f.gcCount)}`)
  if (f.eventLoopUtilization !== undefined) parts.push(`event loop ${formatValue(f.eventLoopUtilization, 'fraction')} busy`)
  const overhead = formatOverhead(record)
  if (overhead !== null) parts.push(overhead)
  // The runner's own figures from the measured rounds, where it records them (throughput).
  const measured = result.variants.find((v) => v.name === record.variant)?.summaries
  const gc = measured?.gcPauseMs?.median
  const elu = measured?.eventLoopUtilization?.median
  const measuredParts = [
    gc !== undefined ? `GC ${formatValue(gc, 'ms')}` : '',
    elu !== undefined ? `event loop ${formatValue(elu, 'fraction')}` : '',
  ].filter(Boolean)
  const status = record.status === 'profiled' ? '' : p.red(` ${record.status}: ${record.reason ?? ''}`)
  return `    ${label}: ${record.samples} samples${status}${parts.length > 0 ? ` · profiled: ${parts.join(', ')}` : ''}${measuredParts.length > 0 ? ` · measured rounds: ${measuredParts.join(', ')}` : ''}`
}

function renderScenarioProfile(result: ResultFile, options: RenderProfilesOptions, p: Palette): string {
  const record = result.profile
  if (record === undefined) return ''
  const top = options.top ?? 5
  const lines = [
    `${p.bold(result.scenario.id)} ${p.dim(`— profiled ${triggerText(record)}; ${record.variants[0]?.rounds ?? 0} rounds per variant, sampled every ${record.samplingIntervalUs} µs; not used for any verdict`)}`,
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
    const line = figuresLine(result, v.label, p)
    if (line !== null) lines.push(line)
    const link = options.flameGraph?.(result, v.label)
    if (link) lines.push(p.dim(`      flame graph: ${link}`))
  }
  for (const w of record.warnings) lines.push(p.yellow(`  ⚠ ${w}`))
  return lines.join('\n')
}

export function renderProfiles(results: readonly ResultFile[], options: RenderProfilesOptions): string {
  const p = palette(options.color)
  const blocks = results.filter((r) => r.profile !== undefined).map((r) => renderScenarioProfile(r, options, p))
  if (blocks.length === 0) return ''
  return `${p.bold('Profiles')} (where the time went; measured apart from the verdict's rounds)\n${blocks.join('\n\n')}`
}
