import type { Comparison, EnvironmentDifference, ResultFile, WarningSeverity } from '@dyno/core'

/**
 * Everything a reader must not miss, gathered from wherever the data keeps it: warnings the
 * run recorded (implausible figures, a busy machine, drift…), variants that errored or gave
 * wrong output, scenarios that could not run or stopped early, and environment mismatches.
 * One list, most severe first, so the HTML and the Markdown show the same things.
 */
export interface ReportWarning {
  severity: WarningSeverity
  code: string
  scenarioId: string | null
  message: string
  variant?: string
  metric?: string
  /** Which result set it came from, when a report shows two (e.g. "base"). */
  origin?: string
}

export interface WarningSources {
  results: readonly ResultFile[]
  comparisons?: readonly Comparison[]
  environment?: readonly EnvironmentDifference[]
  origin?: string
}

const RANK: Record<WarningSeverity, number> = { error: 0, warning: 1, info: 2 }

function stopWarning(result: ResultFile): { severity: WarningSeverity; message: string } | null {
  const s = result.session
  switch (s.stopReason) {
    case 'rounds-complete':
    case 'precise':
    case 'decided-early':
    case 'setup-failed':
      return null
    case 'time-budget':
      return { severity: 'warning', message: `stopped by its time budget after ${s.measuredRounds} of ${s.plannedRounds} rounds` }
    case 'interrupted':
      return { severity: 'warning', message: `interrupted after ${s.measuredRounds} of ${s.plannedRounds} rounds` }
    case 'provisioning-failed':
      return { severity: 'error', message: 'its database or server could not be provisioned' }
    case 'no-runnable-variant':
      return { severity: 'error', message: 'no variant could run' }
  }
}

function fromResults(results: readonly ResultFile[], origin: string | undefined): ReportWarning[] {
  const out: ReportWarning[] = []
  const base = origin === undefined ? {} : { origin }
  for (const result of results) {
    const scenarioId = result.scenario.id
    if (result.error !== null) {
      out.push({ ...base, severity: 'error', code: 'scenario-errored', scenarioId, message: `could not run: ${result.error.message}` })
    }
    const stop = stopWarning(result)
    if (stop !== null) out.push({ ...base, ...stop, code: `stopped-${result.session.stopReason}`, scenarioId })
    for (const variant of result.variants) {
      if (variant.status === 'completed') continue
      // The orchestrator records errored and invalid variants as warnings itself; only add
      // what it did not (e.g. results written by older versions, or skipped variants).
      const code = `variant-${variant.status}`
      if (result.warnings.some((w) => w.code === code && w.variant === variant.name)) continue
      out.push({
        ...base,
        severity: variant.status === 'skipped' ? 'info' : 'error',
        code,
        scenarioId,
        variant: variant.name,
        message: `${variant.name} ${variant.status}${variant.statusReason ? `: ${variant.statusReason}` : ''}`,
      })
    }
    for (const w of result.warnings) out.push({ ...base, ...w, scenarioId })
  }
  const machines = new Set(results.map((r) => `${r.environment.machineId} ${r.environment.cpu.model} ${r.environment.runtime.node}`))
  if (machines.size > 1) {
    out.push({
      ...base,
      severity: 'warning',
      code: 'mixed-environments',
      scenarioId: null,
      message: `these results come from ${machines.size} different machines or Node versions; their figures are not one experiment`,
    })
  }
  return out
}

export function collectWarnings(sources: WarningSources): ReportWarning[] {
  const all = fromResults(sources.results, sources.origin)
  for (const c of sources.comparisons ?? []) {
    for (const w of c.warnings)
      all.push({ ...w, scenarioId: c.scenarioId, ...(sources.origin === undefined ? {} : { origin: sources.origin }) })
  }
  for (const d of sources.environment ?? []) {
    all.push({
      severity: d.severity === 'blocking' ? 'warning' : 'info',
      code: 'environment-mismatch',
      scenarioId: null,
      message: `${d.field} differs: ${d.base} (base) vs ${d.head} (head)${d.severity === 'blocking' ? ' — these figures compare machines as much as code' : ''}`,
    })
  }
  const seen = new Set<string>()
  const unique = all.filter((w) => {
    const key = [w.severity, w.code, w.scenarioId, w.variant, w.metric, w.origin, w.message].join('\u0000')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return bySeverity(unique)
}

/** Errors first, then warnings, then notes; stable, so each keeps the order of the data. */
export function bySeverity(warnings: readonly ReportWarning[]): ReportWarning[] {
  return [...warnings].sort((a, b) => RANK[a.severity] - RANK[b.severity])
}
