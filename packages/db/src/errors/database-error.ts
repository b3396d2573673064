import { DynoError } from '@dyno/core'

/**
 * A database that cannot be had or stopped working: a missing binary, a port already taken, a
 * server that died, an unreachable URL. Always an environment problem (the CLI exits 3), and
 * always with a hint that says what to do next, because the person reading it is usually
 * looking at a CI log, not at this code.
 */
export class DatabaseError extends DynoError {
  constructor(code: string, message: string, options: { hint?: string; cause?: unknown; details?: readonly string[] } = {}) {
    super(code, message, { ...options, exitKind: 'environment' })
    this.name = 'DatabaseError'
  }

  /** Message, hint and details together, for places that keep only a message (result files). */
  get fullMessage(): string {
    const head = this.hint ? `${this.message}. ${capitalized(this.hint)}` : this.message
    return [head, ...this.details].join('\n')
  }
}

/** The message of anything thrown, without a stack: drivers throw Errors, strings, or objects. */
export function describeError(error: unknown): string {
  if (error instanceof DatabaseError) return error.fullMessage
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message)
  return String(error)
}

/** Hints are written as lower-case phrases (the CLI prints them after "hint:"); in running text they start a sentence. */
export function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}
