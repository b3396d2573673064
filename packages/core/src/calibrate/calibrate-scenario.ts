import { pairedValues } from '../compare/paired-inputs.js'
import { DYNO_VERSION } from '../env/collect-fingerprint.js'
import { newRunId } from '../orchestrate/run-id.js'
import { runScenario, type SessionOptions } from '../orchestrate/run-scenario.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import type { AnyScenario } from '../scenario/scenario.js'
import type { ResultFile } from '../schema/result-file.js'
import { median, medianAbsoluteDeviation } from '../stats/quantiles.js'
import type { MetricCalibration, ScenarioCalibration } from './calibration.js'

/**
 * A/A calibration: the baseline variant runs against a copy of itself in `trials` independent
 * sessions, each a full dyno decision (adaptive sampling + verdict). Nothing differs between
 * the two, so every regressed or improved verdict is a false alarm, and the spread of the
 * per-round ratio is the noise this machine adds. No anchor publishes this; dyno measures it.
 */
export interface CalibrateOptions extends Omit<SessionOptions, 'runId' | 'seed' | 'variantAliases'> {
  trials: number
  seed: number
  onTrial?: (trial: number, result: ResultFile) => void
}

function copyName(baseline: string, taken: readonly string[]): string {
  let name = `${baseline}.copy`
  for (let i = 2; taken.includes(name); i++) name = `${baseline}.copy${i}`
  return name
}

/** The scenario reduced to its baseline and a copy of it, without claims or budgets. */
export function aaScenario(resolved: ResolvedScenario): { resolved: ResolvedScenario; copy: string } {
  const baselineSpec = resolved.spec.variants[resolved.baseline]
  if (baselineSpec === undefined) throw new Error(`scenario ${resolved.spec.id} has no baseline variant`)
  const copy = copyName(resolved.baseline, resolved.variantNames)
  const spec: AnyScenario = {
    ...resolved.spec,
    variants: { [resolved.baseline]: baselineSpec, [copy]: { ...baselineSpec, baseline: false } },
    claims: [],
    budgets: [],
  }
  return { resolved: { ...resolved, spec, variantNames: [resolved.baseline, copy] }, copy }
}

function roundUpToHalfPercent(fraction: number): number {
  return Math.max(0.01, Math.ceil(fraction / 0.005 - 1e-9) * 0.005)
}

export async function calibrateScenario(resolved: ResolvedScenario, options: CalibrateOptions): Promise<ScenarioCalibration> {
  const { resolved: aa, copy } = aaScenario(resolved)
  const results: ResultFile[] = []
  for (let trial = 0; trial < options.trials; trial++) {
    if (options.signal?.aborted) break
    const result = await runScenario(aa, {
      ...options,
      runId: newRunId(),
      seed: (options.seed + trial * 7919) >>> 0,
      variantAliases: { [copy]: resolved.baseline },
    })
    results.push(result)
    options.onTrial?.(trial, result)
  }
  const metrics: MetricCalibration[] = resolved.metrics
    .filter((m) => m.gated)
    .map((metric) => {
      const comparisons = results.flatMap((r) => r.comparisons.filter((c) => c.metric.name === metric.name))
      const falseAlarms = comparisons.filter((c) => c.verdict === 'regressed' || c.verdict === 'improved').length
      const noise = results.flatMap((r) => {
        const base = r.variants.find((v) => v.name === resolved.baseline)
        const head = r.variants.find((v) => v.name === copy)
        if (base === undefined || head === undefined) return []
        const pairs = pairedValues(base, head, metric.name)
        const logs = pairs.head.flatMap((h, i) => {
          const b = pairs.base[i] as number
          return h > 0 && b > 0 ? [Math.log(h / b)] : []
        })
        return logs.length >= 3 ? [1.4826 * medianAbsoluteDeviation(logs)] : []
      })
      const detectable = comparisons.flatMap((c) => (c.minDetectableChange === null ? [] : [c.minDetectableChange]))
      const apparent = comparisons.flatMap((c) => (c.ratio.estimate === null ? [] : [Math.abs(c.ratio.estimate - 1)]))
      const medianDetectableChange = detectable.length > 0 ? median(detectable) : null
      return {
        metric: metric.name,
        unit: metric.unit,
        threshold: metric.threshold,
        trials: comparisons.length,
        falseAlarms,
        falseAlarmRate: comparisons.length > 0 ? falseAlarms / comparisons.length : 0,
        roundNoise: noise.length > 0 ? median(noise) : null,
        medianRounds: results.length > 0 ? median(results.map((r) => r.session.measuredRounds)) : 0,
        medianDetectableChange,
        largestApparentChange: apparent.length > 0 ? Math.max(...apparent) : null,
        suggestedThreshold: medianDetectableChange === null ? null : roundUpToHalfPercent(medianDetectableChange),
      }
    })
  return {
    scenarioId: resolved.spec.id,
    calibratedAt: new Date().toISOString(),
    dynoVersion: DYNO_VERSION,
    quick: options.quick,
    trials: results.length,
    metrics,
  }
}
