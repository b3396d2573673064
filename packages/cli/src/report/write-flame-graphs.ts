import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  type FlameNode,
  flameTreeFromCpuProfile,
  flameTreeFromHeapProfile,
  type ProfiledVariantRecord,
  type ProfileRecord,
  parseCpuProfile,
  profileFileStem,
  type ResultFile,
  type SamplingHeapProfile,
  type VariantResult,
} from '@dyno/core'
import { formatGc, formatOverhead, formatValue, measuredVariantOf, type ProfileLinkSet, renderFlameGraphPage } from '@dyno/report'
import { writeReportFile } from './write-report-file.js'

/**
 * Flame graph pages for every profiled variant of some profile records, written beside a
 * report (`<report dir>/profiles/<scenario id>/<variant>.html`) and re-rendered from the
 * `.cpuprofile` files whenever the report is, like the report itself. Returns the links a
 * report shows, relative to the report's directory. A profile file that is missing or damaged
 * costs its links, with a note, never the report.
 */
export interface ProfileSource {
  scenarioId: string
  /** The run (or profiling session) the profiles belong to, for the pages' subtitles. */
  runLabel: string
  record: ProfileRecord
  /** The directory the record's file paths are relative to. */
  runDir: string
  /** The same run's measured variants, whose GC and event-loop figures are shown beside the profile. */
  measured?: readonly VariantResult[]
  /** compare-refs: BASE's measured variants, for the `base:<variant>` profiles on HEAD's result. */
  measuredBase?: readonly VariantResult[]
  /** Directory prefix when two sources profile the same scenario (base/head of a comparison). */
  side?: string
}

export interface WrittenFlameGraph {
  links: ProfileLinkSet
  /** The CPU flame graph page, when written (absolute path). */
  page: string | null
}

export interface FlameGraphOutput {
  /** Per source, per profiled label. */
  written: Map<ProfileSource, Map<string, WrittenFlameGraph>>
  notes: string[]
}

/** The run directory of a result file: results/<run>/<sut>/<name>.json → results/<run>. */
export function runDirOfResultFile(file: string, scenarioId: string): string {
  let dir = path.dirname(file)
  for (let i = 1; i < scenarioId.split('/').length; i++) dir = path.dirname(dir)
  return dir
}

export function resultProfileSource(
  result: ResultFile,
  runDir: string,
  side?: string,
  measuredBase?: readonly VariantResult[],
): ProfileSource | null {
  if (result.profile === undefined) return null
  return {
    scenarioId: result.scenario.id,
    runLabel: `run ${result.runId}`,
    record: result.profile,
    runDir,
    measured: result.variants,
    ...(side !== undefined ? { side } : {}),
    ...(measuredBase !== undefined ? { measuredBase } : {}),
  }
}

/** The run directory of each result of a resolved result set (a run directory, or a single result file). */
export function runDirsOf(set: { source: string; results: readonly ResultFile[] }): Map<ResultFile, string> {
  return new Map(
    set.results.map((result) => [result, set.source.endsWith('.json') ? runDirOfResultFile(set.source, result.scenario.id) : set.source]),
  )
}

/** A recorded path, resolved inside the run directory; null if it would climb out of it. */
function inside(runDir: string, relative: string | null): string | null {
  if (relative === null) return null
  const full = path.resolve(runDir, relative)
  const back = path.relative(runDir, full)
  return back.startsWith('..') || path.isAbsolute(back) ? null : full
}

export function href(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).map(encodeURIComponent).join('/')
}

function figureRows(source: ProfileSource, v: ProfiledVariantRecord): { label: string; value: string }[] {
  const rows: { label: string; value: string }[] = []
  const f = v.figures
  if (f.gcPauseMs !== undefined)
    rows.push({ label: 'garbage collection per round (median, profiled)', value: formatGc(f.gcPauseMs, f.gcCount) })
  if (f.eventLoopUtilization !== undefined)
    rows.push({ label: 'event loop busy (median, profiled)', value: formatValue(f.eventLoopUtilization, 'fraction') })
  const measured = measuredVariantOf(v, {
    own: source.measured ?? [],
    ...(source.measuredBase !== undefined ? { base: source.measuredBase } : {}),
  })?.summaries
  if (measured?.gcPauseMs)
    rows.push({ label: 'GC pause per round (median, measured rounds)', value: formatValue(measured.gcPauseMs.median, 'ms') })
  if (measured?.eventLoopUtilization)
    rows.push({ label: 'event loop busy (median, measured rounds)', value: formatValue(measured.eventLoopUtilization.median, 'fraction') })
  const overhead = formatOverhead(v)
  if (overhead !== null && v.overhead !== null)
    rows.push({ label: `profiler overhead on ${v.overhead.metric} (profiled median / measured median)`, value: overhead })
  rows.push({ label: 'samples', value: String(v.samples) })
  return rows
}

/**
 * `pagesDir` is where the pages go, under per-scenario directories: `<report dir>/profiles` by
 * default (a run's report), or beside the profiles themselves (`dyno profile`).
 */
export async function writeFlameGraphs(
  sources: readonly ProfileSource[],
  reportDir: string,
  projectRoot: string,
  pagesDir = path.join(reportDir, 'profiles'),
): Promise<FlameGraphOutput> {
  const written = new Map<ProfileSource, Map<string, WrittenFlameGraph>>()
  const notes: string[] = []
  for (const source of sources) {
    const { record, runDir } = source
    const perLabel = new Map<string, WrittenFlameGraph>()
    const dir = path.join(pagesDir, ...(source.side ? [source.side] : []), ...source.scenarioId.split('/'))
    for (const v of record.variants) {
      const cpuFile = inside(runDir, v.cpuProfile)
      const heapFile = inside(runDir, v.heapProfile)
      const links: ProfileLinkSet = {
        flameGraph: null,
        cpuProfile: cpuFile ? href(reportDir, cpuFile) : null,
        heapProfile: heapFile ? href(reportDir, heapFile) : null,
        heapFlameGraph: null,
      }
      let page: string | null = null
      const stem = profileFileStem(v.label)
      const writePage = async (tree: FlameNode, unit: 'us' | 'bytes', file: string, raw: string, what: string) => {
        await writeReportFile(
          file,
          renderFlameGraphPage({
            title: `${source.scenarioId} · ${v.label}: ${what}`,
            subtitle: `${source.runLabel} · ${v.rounds} profiled rounds · ${v.samples} samples every ${record.samplingIntervalUs} µs · ${record.trigger === 'regression' ? `profiled because ${record.reason}` : record.reason}`,
            tree,
            unit,
            figures: figureRows(source, v),
            topFunctions: unit === 'us' ? v.topFunctions : [],
            links: [
              { label: '← the report', href: href(path.dirname(file), path.join(reportDir, 'index.html')) },
              { label: `raw profile (${path.basename(raw)})`, href: href(path.dirname(file), raw) },
            ],
            generatedAt: new Date().toISOString(),
          }),
        )
      }
      try {
        if (cpuFile !== null) {
          const profile = parseCpuProfile(await readFile(cpuFile, 'utf8'), cpuFile)
          const file = path.join(dir, `${stem}.html`)
          await writePage(flameTreeFromCpuProfile(profile, { root: v.root ?? projectRoot }), 'us', file, cpuFile, 'CPU flame graph')
          links.flameGraph = href(reportDir, file)
          page = file
        }
        if (heapFile !== null) {
          const heap = JSON.parse(await readFile(heapFile, 'utf8')) as SamplingHeapProfile
          const file = path.join(dir, `${stem}.allocations.html`)
          await writePage(
            flameTreeFromHeapProfile(heap, { root: v.root ?? projectRoot }),
            'bytes',
            file,
            heapFile,
            'allocation flame graph',
          )
          links.heapFlameGraph = href(reportDir, file)
        }
      } catch (error) {
        notes.push(
          `the flame graph of ${source.scenarioId} · ${v.label} was not written: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        )
      }
      perLabel.set(v.label, { links, page })
    }
    written.set(source, perLabel)
  }
  return { written, notes }
}
