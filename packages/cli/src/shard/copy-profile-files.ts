import { copyFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { ResultFile } from '@dyno/core'

/**
 * The profile files a result names (`profile.variants[].cpuProfile`/`heapProfile`, relative to
 * its run directory), copied from one run directory to another: `dyno merge` copies result files
 * into a new run, and a profiled shard's links must keep working there. Returns a note per file
 * that could not be copied (missing or outside the run directory); the result stays usable,
 * only that file's links are lost.
 */
export async function copyProfileFiles(result: ResultFile, fromDir: string, toDir: string): Promise<string[]> {
  const notes: string[] = []
  for (const v of result.profile?.variants ?? []) {
    for (const relative of [v.cpuProfile, v.heapProfile]) {
      if (relative === null) continue
      const from = path.resolve(fromDir, relative)
      const back = path.relative(fromDir, from)
      if (back.startsWith('..') || path.isAbsolute(back)) {
        notes.push(`${result.scenario.id} · ${v.label}: ${relative} is outside its run directory and was not copied`)
        continue
      }
      const to = path.join(toDir, back)
      try {
        await mkdir(path.dirname(to), { recursive: true })
        await copyFile(from, to)
      } catch (error) {
        notes.push(
          `${result.scenario.id} · ${v.label}: ${relative} was not copied (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        )
      }
    }
  }
  return notes
}
