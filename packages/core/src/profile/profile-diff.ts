import { type FunctionCost, type FunctionCosts, functionKey } from './function-costs.js'

/**
 * The differential view: which functions' self time changed most between two profiles.
 * Each side is normalised by its own total samples, so `change` is the difference in the share
 * of all samples (head − base, in fractions of 1: +0.30 is 30 percentage points). Profiles of
 * different lengths — a slower head records more samples for the same work — compare fairly.
 *
 * Increases come first, largest first, then decreases, largest first. A regression is
 * explained by where the head spends more of its time: if the head adds a function that takes
 * a share H, it rises by H while every other function's share shrinks by a factor (1 − H), so
 * the new function leads the increases. Listed by absolute change instead, a function the
 * head no longer runs (a variant's own code, within a run) would often outrank it.
 *
 * A function is matched by name, file and line. Profiles of two checkouts of the code
 * (compare-refs) can ask for `matchMovedLines`: an edit above a function shifts its line, so a
 * named function found on only one side is then matched by name and file when that pairing is
 * unambiguous, and shows once with both lines rather than as one function that vanished and
 * another that appeared. Within one run two variants' functions are different code, so the
 * default is off; anonymous functions are never paired this way.
 *
 * One pairing is always made: the variants' own anonymous operations (the closures their
 * `prepare` returned, which the runner calls), when each side has exactly one. They do the
 * variant's work, often with small helpers inlined into them, and are the same role on both
 * sides — listed apart, the base's would show as −87 pp and the head's as +52 pp, hiding the
 * function that actually got slower.
 */
export interface FunctionChange {
  functionName: string
  url: string
  baseLine: number | null
  headLine: number | null
  baseShare: number
  headShare: number
  /** headShare − baseShare. */
  change: number
  baseSelfMs: number
  headSelfMs: number
}

export interface ProfileDiff {
  baseSamples: number
  headSamples: number
  /** Up to `top` increases (largest first), then up to `top` decreases (largest first). */
  functions: FunctionChange[]
}

export const DEFAULT_DIFF_TOP = 10

function nameKey(cost: FunctionCost): string {
  return `${cost.functionName}\u0000${cost.url}`
}

/** Pairs each function of one side with its counterpart on the other, or with nothing. */
function pairFunctions(
  base: readonly FunctionCost[],
  head: readonly FunctionCost[],
  matchMovedLines: boolean,
): [FunctionCost | null, FunctionCost | null][] {
  const headByKey = new Map(head.map((f) => [functionKey(f), f]))
  const pairs: [FunctionCost | null, FunctionCost | null][] = []
  const baseOnly: FunctionCost[] = []
  const matchedHead = new Set<FunctionCost>()
  for (const b of base) {
    const h = headByKey.get(functionKey(b))
    if (h === undefined) baseOnly.push(b)
    else {
      pairs.push([b, h])
      matchedHead.add(h)
    }
  }
  const headOnly = head.filter((h) => !matchedHead.has(h))
  const group = (list: FunctionCost[]) => {
    const map = new Map<string, FunctionCost[]>()
    if (!matchMovedLines) return map
    for (const f of list) {
      if (f.functionName === '(anonymous)' || f.line === null) continue
      map.set(nameKey(f), [...(map.get(nameKey(f)) ?? []), f])
    }
    return map
  }
  const baseGroups = group(baseOnly)
  const headGroups = group(headOnly)
  const paired = new Set<FunctionCost>()
  for (const [key, bs] of baseGroups) {
    const hs = headGroups.get(key)
    if (bs.length === 1 && hs?.length === 1) {
      pairs.push([bs[0] as FunctionCost, hs[0] as FunctionCost])
      paired.add(bs[0] as FunctionCost).add(hs[0] as FunctionCost)
    }
  }
  const baseOperations = baseOnly.filter((b) => b.operation === true && !paired.has(b))
  const headOperations = headOnly.filter((h) => h.operation === true && !paired.has(h))
  if (baseOperations.length === 1 && headOperations.length === 1) {
    pairs.push([baseOperations[0] as FunctionCost, headOperations[0] as FunctionCost])
    paired.add(baseOperations[0] as FunctionCost).add(headOperations[0] as FunctionCost)
  }
  for (const b of baseOnly) if (!paired.has(b)) pairs.push([b, null])
  for (const h of headOnly) if (!paired.has(h)) pairs.push([null, h])
  return pairs
}

export interface DiffOptions {
  /** Increases and decreases to keep, each (default 10). */
  top?: number
  /** Match a named function whose line moved (profiles of two checkouts); default false. */
  matchMovedLines?: boolean
}

export function diffFunctionCosts(base: FunctionCosts, head: FunctionCosts, options: DiffOptions = {}): ProfileDiff {
  const top = options.top ?? DEFAULT_DIFF_TOP
  const changes: FunctionChange[] = pairFunctions(base.functions, head.functions, options.matchMovedLines === true).map(([b, h]) => {
    const either = (h ?? b) as FunctionCost
    const baseShare = b?.share ?? 0
    const headShare = h?.share ?? 0
    return {
      functionName: either.functionName,
      url: either.url,
      baseLine: b?.line ?? null,
      headLine: h?.line ?? null,
      baseShare,
      headShare,
      change: headShare - baseShare,
      baseSelfMs: b?.selfMs ?? 0,
      headSelfMs: h?.selfMs ?? 0,
    }
  })
  const byName = (x: FunctionChange, y: FunctionChange) => x.functionName.localeCompare(y.functionName) || x.url.localeCompare(y.url)
  const increases = changes.filter((c) => c.change > 0).sort((x, y) => y.change - x.change || byName(x, y))
  const decreases = changes.filter((c) => c.change < 0).sort((x, y) => x.change - y.change || byName(x, y))
  return {
    baseSamples: base.totalSamples,
    headSamples: head.totalSamples,
    functions: [...increases.slice(0, top), ...decreases.slice(0, top)],
  }
}
