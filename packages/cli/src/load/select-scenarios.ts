import { DynoError, type LoadedScenario } from '@dyno/core'

/**
 * Picks scenarios by id. An argument is an exact id (`import-pipeline/pattern-match`), a
 * system prefix (`import-pipeline` or `import-pipeline/`), or a pattern with `*`. Unknown ids
 * are an error that lists what exists, never a silent empty run.
 */
function matcher(selector: string): (id: string) => boolean {
  if (selector.includes('*')) {
    const source = selector
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')
    const re = new RegExp(`^${source}$`)
    return (id) => re.test(id)
  }
  const prefix = selector.endsWith('/') ? selector : null
  if (prefix !== null) return (id) => id.startsWith(prefix)
  return (id) => id === selector || id.startsWith(`${selector}/`)
}

export function selectScenarios(all: readonly LoadedScenario[], selectors: readonly string[]): LoadedScenario[] {
  const chosen = new Set(
    selectIds(
      all.map((s) => s.scenario.id),
      selectors,
    ),
  )
  return all.filter((s) => chosen.has(s.scenario.id))
}

/** The same selection over bare ids (compare-refs selects among both builds' scenarios), in their given order. */
export function selectIds(all: readonly string[], selectors: readonly string[]): string[] {
  if (selectors.length === 0) return [...all]
  const unknown: string[] = []
  const chosen = new Set<string>()
  for (const selector of selectors) {
    const matches = all.filter(matcher(selector))
    if (matches.length === 0) unknown.push(selector)
    for (const m of matches) chosen.add(m)
  }
  if (unknown.length > 0) {
    const known = [...all].sort()
    throw new DynoError('unknown-scenario', `no scenario matches ${unknown.map((u) => `'${u}'`).join(', ')}`, {
      hint: known.length > 0 ? `known scenarios: ${known.join(', ')} (see \`dyno list\`)` : 'no scenario files were found; see `dyno list`',
    })
  }
  return all.filter((id) => chosen.has(id))
}
