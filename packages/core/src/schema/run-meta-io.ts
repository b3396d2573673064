import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { DynoError } from '../errors/dyno-error.js'
import { writeJsonAtomic } from './result-io.js'
import { RUN_META_FILE, RUN_META_VERSION, type RunMeta } from './run-meta.js'

/** Reading and writing `run.meta.json`, validated against its published JSON Schema. */
let compiled: ValidateFunction | null = null

async function validator(): Promise<ValidateFunction> {
  if (compiled === null) {
    const schema = JSON.parse(await readFile(new URL('../../schema/run-meta-v1.schema.json', import.meta.url), 'utf8')) as object
    compiled = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema)
  }
  return compiled
}

export async function writeRunMeta(runDir: string, meta: RunMeta): Promise<string> {
  const file = path.join(runDir, RUN_META_FILE)
  await writeJsonAtomic(file, meta)
  return file
}

/** The run's meta file, or null when the run has none (a plain `dyno run`). */
export async function readRunMeta(runDir: string): Promise<RunMeta | null> {
  const file = path.join(runDir, RUN_META_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null
    throw new DynoError('run-meta-unreadable', `cannot read ${file} (${String((error as { code?: string }).code ?? error)})`, {
      cause: error,
    })
  }
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new DynoError('run-meta-corrupt', `${file} is not valid JSON`, { hint: 'the file is damaged; re-run the command', cause: error })
  }
  const version = (document as { metaVersion?: unknown } | null)?.metaVersion
  if (typeof version === 'number' && version > RUN_META_VERSION) {
    throw new DynoError('run-meta-newer', `${file} has metaVersion ${version}, newer than this dyno understands (${RUN_META_VERSION})`, {
      hint: 'upgrade dyno to read it',
    })
  }
  const validate = await validator()
  if (!validate(document)) {
    throw new DynoError('run-meta-invalid', `${file} does not match the run meta schema v1`, {
      details: (validate.errors ?? [])
        .slice(0, 10)
        .map(
          (e) => `${e.instancePath === '' ? '(top level)' : e.instancePath.slice(1).replaceAll('/', '.')}: ${e.message ?? 'is invalid'}`,
        ),
      hint: 'the file was edited or damaged; re-run the command that wrote it',
    })
  }
  return document as RunMeta
}
