import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DynoError } from '../errors/dyno-error.js'
import { readTextFile } from '../errors/read-text-file.js'
import { migrateResultDocument } from './migrate-result.js'
import type { ResultFile } from './result-file.js'
import { resultProblems } from './validate-result.js'

/** results/<runId>/<sut>/<name>.json: the scenario id's slash becomes a directory. */
export function resultPath(runDir: string, scenarioId: string): string {
  return path.join(runDir, ...scenarioId.split('/')) + '.json'
}

/**
 * Writes atomically: a temp file in the same directory, then rename, so a crash or Ctrl-C
 * never leaves a half-written result that a later compare would choke on.
 */
export async function writeJsonAtomic(file: string, document: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, `${JSON.stringify(document, null, 2)}\n`, 'utf8')
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

export async function writeResultFile(runDir: string, result: ResultFile): Promise<string> {
  const file = resultPath(runDir, result.scenario.id)
  await writeJsonAtomic(file, result)
  return file
}

/** Reads, migrates and validates a result file; every failure names the file and the field. */
export async function readResultFile(file: string): Promise<ResultFile> {
  const text = await readTextFile(
    file,
    'result-unreadable',
    'check the path; `dyno baseline list` and the results/ directory show what exists',
  )
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new DynoError('result-corrupt', `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      hint: 'the file is damaged; delete it and re-run the scenario',
      cause: error,
    })
  }
  const migrated = migrateResultDocument(document, file)
  const problems = resultProblems(migrated)
  if (problems.length > 0) {
    throw new DynoError('result-invalid', `${file} does not match the result schema v1`, {
      details: problems,
      hint: 'the file was edited or damaged; re-run the scenario to write a fresh result',
    })
  }
  return migrated as ResultFile
}
