import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  type FlameNode,
  flameTreeFromCpuProfile,
  flameTreeFromHeapProfile,
  type ProfiledVariantRecord,
  parseCpuProfile,
  profileFileStem,
  type ResultFile,
  type SamplingHeapProfile,
} from '@dyno/core'
import { formatGc, formatOverhead, formatValue, type ProfileLinkResolver, type ProfileLinkSet, renderFlameGraphPage } from '@dyno/report'
import { writeReportFile } from './write-report-file.js'

/**
 * Flame graph pages for every profiled variant of some results, written beside a report
 * (`<report dir>/profiles/<scenario id>/<variant>.html`) and re-rendered from the `.cpuprofile`
 * files whenever the report is, like the report itself. Returns the links the report shows,
 * relative to the report's directory. A profile file that is missing or damaged costs its
 * links, with a note, never the report.
 */
export interface ProfileSource {
  result: ResultFile
  /** The run directory the result's profile paths are relative to. */
  runDir: string
  /** Prefix for file names when two sources profile the same scenario (base/head of a comparison). */
  side?: string
}

export interface FlameGraphOutput {
  links: ProfileLinkResolver
  /** Flame graph files written, by result and label (absolute paths). */
  files: Map<ResultFile, Map<string, string>>
  notes: string[]
}

/** The run directory of a result file: results/<run>/<sut>/<name>.json → results/<run>. */
export function runDirOfResultFile(file: string, scenarioId: string): string {
  let dir = path.dirname(file)
  for (let i = 1; i < scenarioId.split('/').length; i++) dir = path.dirname(dir)
  return dir
}

/** A recorded path, resolved inside the run directory; null if it would climb out of it. */
function inside(runDir: string, relative: string | null): string | null {
  if (relative === null) return null
  const full = path.resolve(runDir, relative)
  const back = path.relative(runDir, full)
  return back.startsWith('..') || path.isAbsolute(back) ? null : full
}

function href(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).map(encodeURIComponent).join('/')
}

function figureRows(result: ResultFile, v: ProfiledVariantRecord): { label: string; value: string }[] {
  const rows: { label: string; value: string }[] = []
  const f = v.figures
  if (f.gcPauseMs !== undefined)
    rows.push({ label: 'garbage collection per round (median, profiled)', value: formatGc(f.gcPauseMs, f.gcCount) })
  if (f.eventLoopUtilization !== undefined)
    rows.push({ label: 'event loop busy (median, profiled)', value: formatValue(f.eventLoopUtilization, 'fraction') })
  const measured = result.variants.find((x) => x.name === v.variant)?.summaries
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

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'))
}

export async function writeFlameGraphs(
  sources: readonly ProfileSource[],
  reportDir: string,
  projectRoot: string,
): Promise<FlameGraphOutput> {
  const linkSets = new Map<ResultFile, Map<string, ProfileLinkSet>>()
  const files = new Map<ResultFile, Map<string, string>>()
  const notes: string[] = []
  for (const { result, runDir, side } of sources) {
    const record = result.profile
    if (record === undefined) continue
    const sets = new Map<string, ProfileLinkSet>()
    const written = new Map<string, string>()
    const dir = path.join(reportDir, 'profiles', ...(side ? [side] : []), ...result.scenario.id.split('/'))
    for (const v of record.variants) {
      const cpuFile = inside(runDir, v.cpuProfile)
      const heapFile = inside(runDir, v.heapProfile)
      const set: ProfileLinkSet = {
        flameGraph: null,
        cpuProfile: cpuFile ? href(reportDir, cpuFile) : null,
        heapProfile: heapFile ? href(reportDir, heapFile) : null,
        heapFlameGraph: null,
      }
      const stem = profileFileStem(v.label)
      const page = async (tree: FlameNode, unit: 'us' | 'bytes', file: string, raw: string, what: string) => {
        await writeReportFile(
          file,
          renderFlameGraphPage({
            title: `${result.scenario.id} · ${v.label}: ${what}`,
            subtitle: `run ${result.runId} · ${v.rounds} profiled rounds · ${v.samples} samples every ${record.samplingIntervalUs} µs · ${record.trigger === 'regression' ? `profiled because ${record.reason}` : record.reason}`,
            tree,
            unit,
            figures: figureRows(result, v),
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
          await page(flameTreeFromCpuProfile(profile, { root: projectRoot }), 'us', file, cpuFile, 'CPU flame graph')
          set.flameGraph = href(reportDir, file)
          written.set(v.label, file)
        }
        if (heapFile !== null) {
          const heap = (await readJson(heapFile)) as SamplingHeapProfile
          const file = path.join(dir, `${stem}.allocations.html`)
          await page(flameTreeFromHeapProfile(heap, { root: projectRoot }), 'bytes', file, heapFile, 'allocation flame graph')
          set.heapFlameGraph = href(reportDir, file)
        }
      } catch (error) {
        notes.push(
          `the flame graph of ${result.scenario.id} · ${v.label} was not written: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        )
      }
      sets.set(v.label, set)
    }
    linkSets.set(result, sets)
    files.set(result, written)
  }
  return { links: (result, label) => linkSets.get(result)?.get(label) ?? null, files, notes }
}
