import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { VariantProfile } from './scenario-profile.js'

/**
 * Writes each profiled variant's `.cpuprofile` (and `.heapprofile`) into a directory and
 * returns where they went, relative to the run directory, '/'-separated — the form result files
 * keep, so a run directory can be moved or saved as a baseline with its profiles. Compact JSON:
 * a profile has tens of thousands of nodes and samples, and nobody reads it as text.
 * Written atomically, like result files.
 */
export interface SavedProfileFiles {
  cpuProfile: string | null
  heapProfile: string | null
}

/** A label as a file name: variant names are already safe, labels such as `base:after` are made so. */
export function profileFileStem(label: string): string {
  const stem = label.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '')
  return stem === '' ? 'profile' : stem
}

async function writeAtomic(file: string, document: unknown): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, JSON.stringify(document), 'utf8')
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

export async function saveProfileFiles(
  entries: readonly { label: string; profile: VariantProfile }[],
  dir: string,
  relativeTo: string,
): Promise<Map<string, SavedProfileFiles>> {
  await mkdir(dir, { recursive: true })
  const saved = new Map<string, SavedProfileFiles>()
  const used = new Set<string>()
  const relative = (file: string) => path.relative(relativeTo, file).split(path.sep).join('/')
  for (const { label, profile } of entries) {
    let stem = profileFileStem(label)
    for (let n = 2; used.has(stem); n++) stem = `${profileFileStem(label)}-${n}`
    used.add(stem)
    const files: SavedProfileFiles = { cpuProfile: null, heapProfile: null }
    if (profile.cpu !== null) {
      const file = path.join(dir, `${stem}.cpuprofile`)
      await writeAtomic(file, profile.cpu)
      files.cpuProfile = relative(file)
    }
    if (profile.heap !== null) {
      const file = path.join(dir, `${stem}.heapprofile`)
      await writeAtomic(file, profile.heap)
      files.heapProfile = relative(file)
    }
    saved.set(label, files)
  }
  return saved
}
