import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { ResultFile } from './result-file.js'

/**
 * Validation against the published JSON Schema (packages/core/schema/result-v1.schema.json),
 * so the schema users read and the check dyno applies are one and the same. Compiled on first
 * use; formats are not checked (timestamps are written by dyno itself).
 */
let compiled: ValidateFunction | null = null

function validator(): ValidateFunction {
  if (compiled === null) {
    const schema = JSON.parse(readFileSync(new URL('../../schema/result-v1.schema.json', import.meta.url), 'utf8')) as object
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false })
    compiled = ajv.compile(schema)
  }
  return compiled
}

/** Problems as "field: what is wrong", empty when the document is a valid v1 result. */
export function resultProblems(document: unknown): string[] {
  const validate = validator()
  if (validate(document)) return []
  return (validate.errors ?? []).slice(0, 20).map((error) => {
    const field = error.instancePath === '' ? '(top level)' : error.instancePath.slice(1).replaceAll('/', '.')
    const extra =
      error.keyword === 'additionalProperties' ? ` '${String((error.params as { additionalProperty?: string }).additionalProperty)}'` : ''
    const allowed = error.keyword === 'enum' ? ` (${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})` : ''
    return `${field}: ${error.message ?? 'is invalid'}${extra}${allowed}`
  })
}

export function isResultFile(document: unknown): document is ResultFile {
  return resultProblems(document).length === 0
}
