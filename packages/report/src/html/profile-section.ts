import type { FunctionChange, ProfiledVariantRecord, ProfileRecord, ResultFile, VariantResult } from '@dyno/core'
import {
  formatChangeLocation,
  formatGc,
  formatLocation,
  formatOverhead,
  formatShare,
  formatShareChange,
  measuredVariantOf,
  splitChanges,
  triggerText,
  withinSamplingNoise,
} from '../format/format-profile.js'
import { formatValue } from '../format/format-value.js'
import { type Html, html } from './html-template.js'
import type { PanelSide } from './panel-side.js'
import type { ProfileLinkResolver, ProfileLinkSet } from './report-input.js'

/**
 * A scenario's profiles in the report: why they were taken, each profiled variant with its
 * flame graph and raw profile (linked files beside the report, never fetched), the GC and
 * event-loop figures beside its profile, and the differential view — the functions whose share
 * of self time grew most in the head, then those that shrank. Everything shown comes from the
 * result file's `profile` record; the files are only linked.
 */
function link(href: string | null | undefined, text: string): Html | string {
  return href ? html`<a href="${href}">${text}</a>` : ''
}

function figure(value: number | undefined, unit: 'ms' | 'fraction'): string {
  return value === undefined ? '–' : formatValue(value, unit)
}

/** One profile record, wherever it comes from: a run's result file or a `dyno profile` session. */
export interface ProfileRecordView {
  record: ProfileRecord
  /** "base"/"head" when a report shows two runs. */
  sideLabel: string | null
  /** The measured variants of the same run, for their runner figures (none for `dyno profile`). */
  measured: readonly VariantResult[]
  /** compare-refs: BASE's measured variants, for the `base:<variant>` profiles on HEAD's result. */
  measuredBase?: readonly VariantResult[]
  links: (label: string) => ProfileLinkSet | null
}

function variantRow(view: ProfileRecordView, v: ProfiledVariantRecord): Html {
  const set = view.links(v.label)
  const measured = measuredVariantOf(v, {
    own: view.measured,
    ...(view.measuredBase !== undefined ? { base: view.measuredBase } : {}),
  })?.summaries
  const measuredGc = measured?.gcPauseMs?.median
  const measuredElu = measured?.eventLoopUtilization?.median
  const files = [
    link(set?.flameGraph, 'flame graph'),
    link(set?.cpuProfile, '.cpuprofile'),
    link(set?.heapFlameGraph, 'allocation flame graph'),
    link(set?.heapProfile, '.heapprofile'),
  ].filter((x) => x !== '')
  const missing = v.cpuProfile !== null && set?.flameGraph == null ? html`<div class="small muted">profile file not found</div>` : ''
  return html`<tr><th scope="row">${v.label}</th>
<td${v.status === 'profiled' ? '' : html` class="status-bad"`}>${v.status}${v.reason ? html`<div class="small">${v.reason}</div>` : ''}</td>
<td class="num">${v.rounds}</td><td class="num">${v.samples}</td>
<td>${files.length > 0 ? files.map((f, i) => html`${i > 0 ? ' · ' : ''}${f}`) : '–'}${missing}</td>
<td class="num">${formatGc(v.figures.gcPauseMs, v.figures.gcCount)}</td>
<td class="num">${figure(v.figures.eventLoopUtilization, 'fraction')}</td>
<td class="num">${measuredGc !== undefined || measuredElu !== undefined ? `${figure(measuredGc, 'ms')} · ${figure(measuredElu, 'fraction')}` : html`<span class="muted">not recorded</span>`}</td>
<td class="num">${formatOverhead(v) ?? '–'}</td></tr>`
}

function changeRow(f: FunctionChange, noise: boolean): Html {
  return html`<tr class="${f.change > 0 ? 'row-grew' : 'row-shrank'}${noise ? ' noise' : ''}"><td>${f.functionName}</td><td><code>${formatChangeLocation(f)}</code></td>
<td class="num">${formatShare(f.baseShare)}</td><td class="num">${formatShare(f.headShare)}</td>
<td class="num"><strong>${formatShareChange(f.change)}</strong></td>
<td class="num">${formatValue(f.baseSelfMs, 'ms')}</td><td class="num">${formatValue(f.headSelfMs, 'ms')}</td></tr>`
}

function diffTable(diff: ProfileRecord['diffs'][number], sideLabel: string | null): Html {
  const { grew, shrank } = splitChanges(diff.functions)
  const head = html`<tr><th scope="col">function</th><th scope="col">where</th><th scope="col">${diff.base}</th><th scope="col">${diff.head}</th><th scope="col">change</th><th scope="col">self time, ${diff.base}</th><th scope="col">self time, ${diff.head}</th></tr>`
  const noise = (f: FunctionChange) => withinSamplingNoise(f, diff.baseSamples, diff.headSamples)
  const section = (title: string, rows: FunctionChange[]) =>
    rows.length === 0
      ? ''
      : html`<tr class="group"><th colspan="7" scope="rowgroup">${title}</th></tr>${rows.map((f) => changeRow(f, noise(f)))}`
  return html`<div class="table-wrap"><table class="profile-diff"><caption>${sideLabel === null ? '' : `${sideLabel}: `}Differential view — ${diff.head} against ${diff.base}: share of self time (${diff.headSamples} and ${diff.baseSamples} samples)</caption>
<thead>${head}</thead><tbody>${section(`more of ${diff.head}'s time`, grew)}${section(`less of ${diff.head}'s time`, shrank)}</tbody></table>
<p class="small muted">A change is the difference of two shares of all samples, in percentage points. Greyed rows are within sampling noise (less than three standard errors).</p></div>`
}

function hotTable(v: ProfiledVariantRecord): Html {
  const rows = v.topFunctions
    .slice(0, 10)
    .map(
      (f) =>
        html`<tr><td>${f.functionName}</td><td><code>${formatLocation(f.url, f.line)}</code></td><td class="num">${formatValue(f.selfMs, 'ms')}</td><td class="num">${formatShare(f.share)}</td></tr>`,
    )
  if (rows.length === 0) return html``
  return html`<div class="table-wrap"><table class="profile-hot"><caption>${v.label}: most self time</caption>
<thead><tr><th scope="col">function</th><th scope="col">where</th><th scope="col">self time</th><th scope="col">share</th></tr></thead><tbody>${rows}</tbody></table></div>`
}

/** Which process the profiles are of, as the sentence that introduces them goes on after "rounds per variant". */
function profiledWhere(record: ProfileRecordView['record']): string {
  if (record.profiledProcess === 'server') return ", profiling the server under test's own process over each round's measured load"
  return record.isolation === 'process' ? ' in fresh processes' : ' in the measuring process'
}

export function renderProfileRecord(view: ProfileRecordView): Html {
  const { record } = view
  const rounds = Math.max(0, ...record.variants.map((v) => v.rounds))
  const afterMeasuring = view.measured.length > 0
  return html`<p class="small">${view.sideLabel === null ? '' : html`<strong>${view.sideLabel}:</strong> `}Profiled ${triggerText(record)}: up to ${rounds} ${rounds === 1 ? 'round' : 'rounds'} per variant${profiledWhere(record)}, sampled every ${record.samplingIntervalUs} µs${record.heap ? ', with allocation sampling' : ''}, in ${formatValue(record.durationMs, 'ms')}. ${afterMeasuring ? 'These rounds ran under the profiler after the measured ones; none of them is a sample of any chart or verdict above.' : 'These rounds ran under the profiler; they are not measurements to compare.'}</p>
<div class="table-wrap"><table class="profiles"><caption>Profiled variants</caption>
<thead><tr><th scope="col">variant</th><th scope="col">status</th><th scope="col">rounds</th><th scope="col">samples</th><th scope="col">files</th><th scope="col">GC pause (profiled)</th><th scope="col">event loop busy (profiled)</th><th scope="col">GC · event loop (measured rounds)</th><th scope="col">profiler overhead</th></tr></thead>
<tbody>${record.variants.map((v) => variantRow(view, v))}</tbody></table></div>
${record.diffs.map((d) => diffTable(d, view.sideLabel))}
${record.diffs.length === 0 ? record.variants.map(hotTable) : ''}
${record.warnings.length > 0 ? html`<ul class="small">${record.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}`
}

export function renderProfileSection(sides: readonly PanelSide[], links: ProfileLinkResolver | undefined): Html {
  const profiled = sides.filter((s): s is PanelSide & { result: ResultFile & { profile: ProfileRecord } } => s.result.profile !== undefined)
  if (profiled.length === 0) return html``
  // compare-refs keeps both builds' profiles on HEAD's result; BASE's figures come from its own.
  const base = sides.find((s) => s.result.refs?.side === 'base')?.result.variants
  return html`<h3>Profiles: where the time went</h3>${profiled.map((s) =>
    renderProfileRecord({
      record: s.result.profile,
      sideLabel: s.label,
      measured: s.result.variants,
      ...(base !== undefined ? { measuredBase: base } : {}),
      links: (label) => links?.(s.result, label) ?? null,
    }),
  )}`
}
