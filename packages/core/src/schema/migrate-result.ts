import { DynoError } from '../errors/dyno-error.js'
import { RESULT_SCHEMA_VERSION } from './result-file.js'

/**
 * Brings an older result document up to the current schema version, or explains why it
 * cannot. Version 1 is the first version, so there is nothing to migrate yet; when v2 comes,
 * its step (v1 → v2) goes here and old baselines keep working.
 */
export function migrateResultDocument(document: unknown, file: string): unknown {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DynoError('result-not-object', `${file} is not a dyno result file (expected a JSON object)`, {
      hint: 'pass a file written by `dyno run`, or the run directory that holds it',
    })
  }
  const record = document as Record<string, unknown>
  if (record.kind !== 'dyno-result') {
    throw new DynoError(
      'result-wrong-kind',
      `${file} is not a dyno result file (field 'kind' is ${JSON.stringify(record.kind)}, expected "dyno-result")`,
      {
        hint: 'pass a file written by `dyno run`, or the run directory that holds it',
      },
    )
  }
  const version = record.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new DynoError('result-no-version', `${file}: field 'schemaVersion' is missing or not an integer`, {
      hint: 'the file is damaged; re-run the scenario to write a fresh result',
    })
  }
  if (version > RESULT_SCHEMA_VERSION) {
    throw new DynoError(
      'result-newer-version',
      `${file} has schemaVersion ${version}, newer than this dyno understands (${RESULT_SCHEMA_VERSION})`,
      {
        hint: 'upgrade dyno to read it',
      },
    )
  }
  if (version < 1) {
    throw new DynoError('result-unknown-version', `${file} has unknown schemaVersion ${version}`, {
      hint: 're-run the scenario to write a fresh result',
    })
  }
  return document
}
