import type { Warning } from '../checks/warning.js'
import type { ResultFile } from '../schema/result-file.js'
import type { CalibrationFile } from './calibration.js'

/**
 * What this machine's calibration says about a run's gates: a gate tighter than the change a
 * typical run here can detect cannot be judged reliably, and A/A false alarms mean the noise
 * is not the independent kind the statistics assume (drift, interference).
 */
export function calibrationAdvice(results: readonly ResultFile[], calibration: CalibrationFile | null): Warning[] {
  if (calibration === null) return []
  const warnings: Warning[] = []
  for (const result of results) {
    if (result.environment.machineId !== calibration.machineId) continue
    const scenario = calibration.scenarios[result.scenario.id]
    if (scenario === undefined) continue
    for (const metric of result.scenario.metrics.filter((m) => m.gated)) {
      const cal = scenario.metrics.find((m) => m.metric === metric.name)
      if (cal === undefined) continue
      const when = scenario.calibratedAt.slice(0, 10)
      if (cal.suggestedThreshold !== null && cal.suggestedThreshold > metric.threshold + 1e-9) {
        warnings.push({
          code: 'noise-exceeds-gate',
          severity: 'warning',
          metric: metric.name,
          message: `${result.scenario.id} ${metric.name}: A/A calibration on this machine (${when}, ${cal.trials} trials) could only detect changes of ±${((cal.medianDetectableChange ?? 0) * 100).toFixed(1)}%, wider than the ${(metric.threshold * 100).toFixed(1)}% gate; use --threshold ${(cal.suggestedThreshold * 100).toFixed(1)}% or more rounds`,
        })
      }
      if (cal.falseAlarmRate > 0.01) {
        warnings.push({
          code: 'calibration-false-alarms',
          severity: 'warning',
          metric: metric.name,
          message: `${result.scenario.id} ${metric.name}: ${cal.falseAlarms} of ${cal.trials} A/A trials on this machine (${when}) gave a regressed or improved verdict with nothing changed; treat its verdicts with suspicion`,
        })
      }
    }
  }
  return warnings
}
