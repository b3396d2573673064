import type { ResultFile } from '@dyno/core'

/**
 * What a published site is built from: every run under results/ and every saved baseline,
 * each with the link to its own report. Like a report, the site is rendered from result files
 * alone, so it can always be rebuilt (`dyno publish`).
 */
export interface SiteRun {
  runId: string
  results: readonly ResultFile[]
  /** Names of the baselines saved from this run (results/baselines/<name>/). */
  baselines: readonly string[]
  /** Link to the run's report, relative to the site's root, e.g. `runs/<run-id>/index.html`. */
  reportHref: string
}

export interface SiteInput {
  title: string
  /** When the site was built (ISO 8601); passed in so rendering stays deterministic. */
  generatedAt?: string
  /** In any order; the site orders them by run id, which starts with the run's UTC time. */
  runs: readonly SiteRun[]
  /** Run directories or baselines that could not be read, and why; listed on the index. */
  skipped?: readonly { name: string; reason: string }[]
}

export interface SitePage {
  /** Relative to the site's root, `/`-separated. */
  path: string
  html: string
}
