/** What one round of one variant produced, before it becomes a RoundRecord. */
export interface Measurement {
  values: Record<string, number>
  detail: Record<string, number>
  /** The operation's return value, for verify(); never persisted. */
  output: unknown
}
