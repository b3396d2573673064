import type { MetricPolicy, MetricSpec, ResultFile } from '@dyno/core'
import type { SiteRun } from './site-input.js'

/**
 * One scenario across every run that measured it, oldest first: per metric and variant the
 * median with its 95% bootstrap interval, as the result files record them. Medians of
 * separate runs are not merged or averaged; each point is one run, and its interval says how
 * far that run's own rounds let it pin the median down.
 */
export interface HistoryPoint {
  runId: string
  /** Short label for a chart axis: the commit (or the time when there is no git), and baseline names. */
  label: string
  startedAt: string
  git: ResultFile['environment']['git']
  machineId: string
  baselines: readonly string[]
  reportHref: string
  result: ResultFile
}

export interface VariantValue {
  median: number | null
  low: number | null
  high: number | null
}

export interface ScenarioHistory {
  id: string
  description: string
  /** Every metric any run recorded, gated ones first (in the latest run's order). */
  metrics: (MetricSpec & MetricPolicy)[]
  /** Variant names, the latest baseline first. */
  variants: string[]
  points: HistoryPoint[]
  /** value(pointIndex, variant, metric) */
  value(point: number, variant: string, metric: string): VariantValue
}

const EMPTY: VariantValue = { median: null, low: null, high: null }

function runTime(runId: string): string {
  // Run ids start with the UTC time: 20261123T113939Z-8269 → 2026-11-23 11:39.
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)/.exec(runId)
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : runId
}

export function pointLabel(run: SiteRun, result: ResultFile): string {
  const git = result.environment.git
  const where = git ? `${git.sha.slice(0, 7)}${git.dirty ? '*' : ''}` : runTime(run.runId)
  return run.baselines.length > 0 ? `${where} (${run.baselines.join(', ')})` : where
}

export function scenarioIds(runs: readonly SiteRun[]): string[] {
  return [...new Set(runs.flatMap((r) => r.results.map((x) => x.scenario.id)))].sort()
}

export function scenarioHistory(runs: readonly SiteRun[], id: string): ScenarioHistory {
  const ordered = [...runs].sort((a, b) => a.runId.localeCompare(b.runId))
  const points: HistoryPoint[] = []
  for (const run of ordered) {
    const result = run.results.find((r) => r.scenario.id === id)
    if (result === undefined) continue
    points.push({
      runId: run.runId,
      label: pointLabel(run, result),
      startedAt: result.session.startedAt,
      git: result.environment.git,
      machineId: result.environment.machineId,
      baselines: run.baselines,
      reportHref: run.reportHref,
      result,
    })
  }
  // Two runs of one commit get the same label; the time tells them apart on the axis.
  const counts = new Map<string, number>()
  for (const p of points) counts.set(p.label, (counts.get(p.label) ?? 0) + 1)
  for (const p of points) if ((counts.get(p.label) ?? 0) > 1) p.label = `${p.label} ${runTime(p.runId).slice(5)}`

  const latest = points.at(-1)?.result
  const metrics: (MetricSpec & MetricPolicy)[] = []
  for (const p of [...points].reverse()) {
    for (const m of p.result.scenario.metrics) if (!metrics.some((x) => x.name === m.name)) metrics.push(m)
  }
  metrics.sort((a, b) => Number(b.gated) - Number(a.gated))
  const variants: string[] = latest ? [latest.scenario.baselineVariant] : []
  for (const p of [...points].reverse()) for (const v of p.result.variants) if (!variants.includes(v.name)) variants.push(v.name)

  return {
    id,
    description: latest?.scenario.description ?? '',
    metrics,
    variants,
    points,
    value(point, variant, metric) {
      const summary = points[point]?.result.variants.find((v) => v.name === variant)?.summaries[metric]
      if (summary === undefined || summary.n === 0 || !Number.isFinite(summary.median)) return EMPTY
      return { median: summary.median, low: summary.medianCi?.low ?? null, high: summary.medianCi?.high ?? null }
    },
  }
}
