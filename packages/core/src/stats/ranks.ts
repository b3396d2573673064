/** Mid-ranks (1-based, ties share their average rank) and the sizes of tied groups. */
export interface Ranking {
  ranks: number[]
  /** Sizes of groups of equal values, only groups larger than one. */
  tieGroups: number[]
}

export function rankWithTies(values: readonly number[]): Ranking {
  const n = values.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
  const ranks: number[] = new Array(n)
  const tieGroups: number[] = []
  for (let i = 0; i < n; ) {
    let j = i
    while (j + 1 < n && values[order[j + 1] as number] === values[order[i] as number]) j++
    const rank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank
    if (j > i) tieGroups.push(j - i + 1)
    i = j + 1
  }
  return { ranks, tieGroups }
}

/** Σ(t³ − t) over tie groups: the variance correction term of rank tests. */
export function tieTerm(tieGroups: readonly number[]): number {
  let sum = 0
  for (const t of tieGroups) sum += t * t * t - t
  return sum
}
