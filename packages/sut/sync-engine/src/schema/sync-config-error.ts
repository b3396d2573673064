/**
 * A problem with the sync's configuration (a bad identifier, an unknown column, a key that is
 * not in the column list). Carries every problem found, so a user fixes them all in one pass,
 * and a hint saying what to do next.
 */
export class SyncConfigError extends Error {
  override readonly name = 'SyncConfigError'

  constructor(
    readonly problems: readonly string[],
    readonly hint: string,
  ) {
    super(`${problems.length === 1 ? 'a problem' : `${problems.length} problems`} in the sync configuration: ${problems.join('; ')}`)
  }
}
