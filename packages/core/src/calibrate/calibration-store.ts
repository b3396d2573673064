import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Fingerprint } from '../env/fingerprint.js'
import { DynoError } from '../errors/dyno-error.js'
import { writeJsonAtomic } from '../schema/result-io.js'
import type { CalibrationFile, ScenarioCalibration } from './calibration.js'

/**
 * Calibrations are per machine (noise is a property of the machine as much as of the code):
 * results/calibration/<machineId>.json, updated scenario by scenario.
 */
export function calibrationPath(resultsRoot: string, machineId: string): string {
  return path.join(resultsRoot, 'calibration', `${machineId}.json`)
}

function isCalibrationFile(value: unknown): value is CalibrationFile {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<CalibrationFile>
  return (
    v.kind === 'dyno-calibration' &&
    v.schemaVersion === 1 &&
    typeof v.machineId === 'string' &&
    typeof v.scenarios === 'object' &&
    v.scenarios !== null
  )
}

export async function readCalibration(resultsRoot: string, machineId: string): Promise<CalibrationFile | null> {
  const file = calibrationPath(resultsRoot, machineId)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return null
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new DynoError('calibration-corrupt', `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      hint: 'delete it and run `dyno calibrate` again',
    })
  }
  if (!isCalibrationFile(parsed)) {
    throw new DynoError(
      'calibration-corrupt',
      `${file} is not a dyno calibration file (expected kind "dyno-calibration", schemaVersion 1)`,
      {
        hint: 'delete it and run `dyno calibrate` again',
      },
    )
  }
  return parsed
}

export async function saveCalibrations(
  resultsRoot: string,
  environment: Fingerprint,
  calibrations: readonly ScenarioCalibration[],
): Promise<string> {
  const existing = await readCalibration(resultsRoot, environment.machineId)
  const file: CalibrationFile = {
    kind: 'dyno-calibration',
    schemaVersion: 1,
    machineId: environment.machineId,
    cpuModel: environment.cpu.model,
    cores: environment.cpu.cores,
    node: environment.runtime.node,
    updatedAt: new Date().toISOString(),
    scenarios: { ...(existing?.scenarios ?? {}) },
  }
  for (const calibration of calibrations) file.scenarios[calibration.scenarioId] = calibration
  const target = calibrationPath(resultsRoot, environment.machineId)
  await writeJsonAtomic(target, file)
  return target
}
