/**
 * Something a reader of a result must not miss: an implausible figure, a noisy machine, an
 * environment mismatch. Warnings travel with the data (result files, comparisons) rather
 * than being printed, so every renderer shows the same ones.
 */
export type WarningSeverity = 'info' | 'warning' | 'error'

export interface Warning {
  code: string
  severity: WarningSeverity
  message: string
  variant?: string
  metric?: string
}
