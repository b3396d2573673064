import type { DatabaseRequirement } from '@dyno/core'
import { type ItemsDataset, itemsDatasetId, MAX_DATASET_ROWS } from './items-dataset.js'

/** Datasets dyno can generate, by the name a scenario's requirement uses. */
export const KNOWN_DATASETS = ['items'] as const

/** Under --quick, a dataset shrinks to this many rows unless it says otherwise. */
export const QUICK_ROWS = 1000

export interface PlannedDataset {
  dataset: ItemsDataset
  table: string
  id: string
}

/** What is wrong with a requirement's dataset, in words for the scenario's author (empty: nothing). */
export function datasetProblems(requirement: DatabaseRequirement): string[] {
  const dataset = requirement.dataset
  if (dataset === undefined) return []
  const problems: string[] = []
  if (!(KNOWN_DATASETS as readonly string[]).includes(dataset.name)) {
    problems.push(`dataset '${dataset.name}' is not one dyno can generate (known: ${KNOWN_DATASETS.join(', ')})`)
  }
  for (const [field, value] of [
    ['rows', dataset.rows],
    ['quickRows', dataset.quickRows],
  ] as const) {
    if (value !== undefined && value > MAX_DATASET_ROWS)
      problems.push(`dataset ${field} ${value} is above the limit of ${MAX_DATASET_ROWS}`)
  }
  return problems
}

export function planDataset(requirement: DatabaseRequirement, quick: boolean): PlannedDataset | null {
  const wanted = requirement.dataset
  if (wanted === undefined) return null
  const rows = quick ? (wanted.quickRows ?? Math.min(wanted.rows, QUICK_ROWS)) : wanted.rows
  const dataset: ItemsDataset = { name: 'items', seed: wanted.seed ?? 1, rows }
  return { dataset, table: wanted.table ?? wanted.name, id: itemsDatasetId(dataset) }
}
