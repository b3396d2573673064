/** Why an archive entry was refused. Every rejection stops the whole archive. */
export type ZipRejectionReason =
  | 'path-escapes-target'
  | 'absolute-path'
  | 'invalid-name'
  | 'symlink'
  | 'special-file'
  | 'duplicate-entry'
  | 'entry-too-large'
  | 'total-too-large'
  | 'too-many-entries'
  | 'compression-ratio'
  | 'size-mismatch'
  | 'encrypted'
  | 'unsupported-compression'
  | 'corrupt'

/**
 * An archive entry that extraction refused. The message names the archive, the entry and the
 * rule it broke, and says what to do next; `reason` is for code that reacts to the kind.
 */
export class ZipEntryRejected extends Error {
  constructor(
    readonly archive: string,
    readonly entry: string,
    readonly reason: ZipRejectionReason,
    detail: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(`${archive}: entry ${JSON.stringify(entry)} rejected (${reason}): ${detail}; ${hint}`, options)
    this.name = 'ZipEntryRejected'
  }
}
