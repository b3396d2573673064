import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { ResultFile } from '@dyno/core'
import type { HistoryEntry } from '@dyno/report'
import { BASELINES, readRunDirectory } from './results-location.js'

/**
 * Saved baselines as history for a report's charts, oldest first (by the run they were saved
 * from; run ids start with their UTC time). A baseline that cannot be read is left out and
 * named, so one bad directory never costs the whole report.
 */
export interface LoadedHistory {
  entries: HistoryEntry[]
  unreadable: string[]
}

export async function loadBaselineHistory(resultsRoot: string, excludeRunIds: readonly string[] = []): Promise<LoadedHistory> {
  const dir = path.join(resultsRoot, BASELINES)
  const names = await readdir(dir, { withFileTypes: true }).then(
    (entries) => entries.filter((e) => e.isDirectory() && !e.name.endsWith('.saving')).map((e) => e.name),
    () => [] as string[],
  )
  const unreadable: string[] = []
  const loaded = await Promise.all(
    names.map(async (name) => {
      try {
        return { label: name, results: await readRunDirectory(path.join(dir, name)) }
      } catch {
        unreadable.push(name)
        return null
      }
    }),
  )
  const entries = loaded
    .filter((e): e is { label: string; results: ResultFile[] } => e !== null && e.results.length > 0)
    .filter((e) => !e.results.some((r) => excludeRunIds.includes(r.runId)))
    .sort((a, b) => (a.results[0]?.runId ?? '').localeCompare(b.results[0]?.runId ?? '') || a.label.localeCompare(b.label))
  return { entries, unreadable: unreadable.sort() }
}
