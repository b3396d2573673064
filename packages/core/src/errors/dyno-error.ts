/**
 * The one error type dyno throws on purpose. `code` is stable and machine-readable, `hint`
 * tells the user what to do next, and `exitKind` decides the CLI's exit code, so a thrown
 * error carries everything needed to report it without a stack trace.
 */
export type ExitKind = 'usage' | 'environment'

export interface DynoErrorOptions {
  hint?: string
  cause?: unknown
  exitKind?: ExitKind
  /** Further problems found in the same validation pass (reported all at once). */
  details?: readonly string[]
}

export class DynoError extends Error {
  readonly code: string
  readonly hint: string | undefined
  readonly exitKind: ExitKind
  readonly details: readonly string[]

  constructor(code: string, message: string, options: DynoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'DynoError'
    this.code = code
    this.hint = options.hint
    this.exitKind = options.exitKind ?? 'usage'
    this.details = options.details ?? []
  }
}

export function isDynoError(value: unknown): value is DynoError {
  return value instanceof DynoError
}

/** Turns anything thrown into a short, serialisable description (for result files). */
export interface ErrorRecord {
  name: string
  message: string
  code?: string
  stack?: string
}

export function toErrorRecord(error: unknown): ErrorRecord {
  if (error instanceof Error) {
    const record: ErrorRecord = { name: error.name, message: error.message }
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string') record.code = code
    if (error.stack !== undefined) record.stack = error.stack
    return record
  }
  return { name: 'NonError', message: String(error) }
}
