/**
 * A figure a case study asserts, kept beside the scenario so a report can hold it up against
 * what was measured. Example: seed 000 claims the optimized sync moves 10–30× more rows per
 * second: `{ metric: 'rowsPerSec', variant: 'optimized', ratio: { min: 10, max: 30 }, ... }`.
 */
export interface Claim {
  /** The metric the claim is about. */
  metric: string
  /** The variant that is claimed to be better (compared against the scenario's baseline). */
  variant: string
  /** Expected head/base ratio of the metric's value (not of its "goodness"). */
  ratio: { min?: number; max?: number }
  /** Where the claim comes from, e.g. 'seeds/001_0bb65736470de125.txt'. */
  source: string
  /** The claim in the seed's own words. */
  text: string
}

export type ClaimStatus = 'confirmed' | 'not-confirmed' | 'contradicted' | 'not-measured'
