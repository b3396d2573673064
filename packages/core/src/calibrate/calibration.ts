/**
 * What A/A calibration learned about a scenario on one machine: how much two copies of the
 * same variant disagree round to round, how small a change a typical run can detect, and how
 * often the full decision called an unchanged variant regressed or improved.
 */
export interface MetricCalibration {
  metric: string
  unit: string
  /** The metric's gate threshold when calibrated. */
  threshold: number
  trials: number
  /** Trials whose verdict was regressed or improved although nothing changed. */
  falseAlarms: number
  falseAlarmRate: number
  /** Robust SD (1.4826 × MAD) of the per-round log-ratio between the two copies, median over trials. */
  roundNoise: number | null
  medianRounds: number
  /** Median over trials of the smallest change each run could detect (80% power). */
  medianDetectableChange: number | null
  /** Largest |A/A change| any trial estimated. */
  largestApparentChange: number | null
  /** The smallest threshold a typical run here can judge (detectable change rounded up to 0.5%). */
  suggestedThreshold: number | null
}

export interface ScenarioCalibration {
  scenarioId: string
  calibratedAt: string
  dynoVersion: string
  quick: boolean
  trials: number
  metrics: MetricCalibration[]
}

export interface CalibrationFile {
  kind: 'dyno-calibration'
  schemaVersion: 1
  machineId: string
  cpuModel: string
  cores: number
  node: string
  updatedAt: string
  scenarios: Record<string, ScenarioCalibration>
}
