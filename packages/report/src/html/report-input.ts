import type { Comparison, GateResult, ResultFile, RunComparison } from '@dyno/core'

/**
 * What an HTML report is rendered from: result files and the comparisons and gate already
 * computed from them. The renderer reads nothing else, so a report can always be rebuilt from
 * results/ alone (`dyno report`).
 */

/** A saved baseline (or any earlier run) for the history charts, oldest first. */
export interface HistoryEntry {
  label: string
  results: readonly ResultFile[]
}

interface CommonInput {
  /** Shown as the page heading and in the tab title. */
  title: string
  /** When the report was rendered (ISO 8601); passed in so rendering stays deterministic. */
  generatedAt?: string
  /** Earlier runs to chart each scenario's headline metric across, oldest first. */
  history?: readonly HistoryEntry[]
  /** Where the result files are, so a reader can find the raw data (a path or URL). */
  resultsLocation?: string
  /** Where each profiled variant's files are, relative to the report (results with a `profile`). */
  profileLinks?: ProfileLinkResolver
}

/**
 * Links to a profiled variant's files, relative to the report: its flame graph page and raw
 * profile, written beside the report (the renderer only links them; it reads no files).
 */
export interface ProfileLinkSet {
  flameGraph: string | null
  cpuProfile: string | null
  heapProfile: string | null
  heapFlameGraph: string | null
}

/** The links of one profiled variant (by its label) of one result, or null when it has none. */
export type ProfileLinkResolver = (result: ResultFile, label: string) => ProfileLinkSet | null

/** One run: each variant against its scenario's baseline, rounds paired. */
export interface RunReportInput extends CommonInput {
  kind: 'run'
  results: readonly ResultFile[]
  comparisons: readonly Comparison[]
  gate: GateResult
}

export interface ResultSetInput {
  label: string
  results: readonly ResultFile[]
  location?: string
}

/** Two runs: every variant of HEAD against the same variant of BASE. */
export interface CompareReportInput extends CommonInput {
  kind: 'compare'
  base: ResultSetInput
  head: ResultSetInput
  comparison: RunComparison
  gate: GateResult
}

export type HtmlReportInput = RunReportInput | CompareReportInput
