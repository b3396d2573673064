import path from 'node:path'
import { calibrateScenario, collectFingerprint, resolveAll, type ScenarioCalibration, saveCalibrations } from '@dyno/core'
import { DatabaseProvisioner } from '@dyno/db'
import { renderTable } from '@dyno/report'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { describeRequirement, unmetRequirements } from '../load/check-requirements.js'
import { childExecArgv } from '../load/load-scenarios.js'
import { type DatabaseFlags, databaseAvailability } from '../options/database-options.js'
import { ProgressReporter } from '../progress/progress-reporter.js'
import { resultsRoot } from '../results/results-location.js'
import { loadSelectedScenarios } from './load-selected.js'

export interface CalibrateCommandOptions extends DatabaseFlags {
  trials: number
  quick?: boolean
  out?: string
  seed?: number
  scenarios?: string[]
  json?: boolean
}

const pct = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`)

/**
 * `dyno calibrate`: A/A trials per scenario, stored per machine under
 * results/calibration/<machineId>.json, then used by `run` and `compare` to flag gates
 * tighter than this machine's noise.
 */
export async function calibrateCommand(ids: string[], options: CalibrateCommandOptions, io: CliIo): Promise<ExitCode> {
  const selected = await loadSelectedScenarios(ids, options.scenarios ?? [], io.cwd)
  const mode = options.db ?? 'auto'
  const databases = databaseAvailability(options, io.env)
  const runnable: typeof selected = []
  for (const loaded of selected) {
    const unmet = await unmetRequirements(loaded.scenario.requires, { env: io.env, databases, mode })
    if (unmet.length === 0) runnable.push(loaded)
    else
      io.err(
        `- skipped ${loaded.scenario.id}: needs ${unmet.map((u) => `${describeRequirement(u.requirement)} (${u.detail})`).join(', ')}\n`,
      )
  }
  const resolved = resolveAll(runnable)
  const root = resultsRoot(io.cwd, options.out, io.env)
  const progress = new ProgressReporter(io)
  const provisioner = new DatabaseProvisioner({ mode, availability: databases, log: (line) => progress.note(line) })
  const calibrations: ScenarioCalibration[] = []
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
  for (const scenario of resolved) {
    io.err(`calibrating ${scenario.spec.id}: ${options.trials} A/A trials of ${scenario.baseline} against itself\n`)
    const environment = collectFingerprint({
      cwd: io.cwd,
      packages: scenario.spec.packages ?? [],
      packagesFrom: scenario.sourceFile ? path.dirname(scenario.sourceFile) : io.cwd,
    })
    calibrations.push(
      await calibrateScenario(scenario, {
        trials: options.trials,
        seed,
        quick: options.quick === true,
        environment,
        childExecArgv: childExecArgv(),
        reporter: progress,
        provisioner,
      }),
    )
  }
  const environment = collectFingerprint({ cwd: io.cwd })
  const file = await saveCalibrations(root, environment, calibrations)
  if (options.json) {
    io.out(`${JSON.stringify({ file, calibrations }, null, 2)}\n`)
    return EXIT.pass
  }
  const rows = calibrations.flatMap((c) =>
    c.metrics.map((m) => [
      c.scenarioId,
      m.metric,
      `${m.falseAlarms}/${m.trials}`,
      pct(m.roundNoise),
      String(m.medianRounds),
      pct(m.medianDetectableChange),
      pct(m.threshold),
      pct(m.suggestedThreshold),
      m.suggestedThreshold !== null && m.suggestedThreshold > m.threshold + 1e-9 ? 'noise exceeds gate' : 'ok',
    ]),
  )
  io.out(
    `${renderTable(['scenario', 'metric', 'false alarms', 'round noise', 'rounds', 'detectable', 'threshold', 'suggested', 'status'], rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'], '')}\n\nCalibration: ${path.relative(io.cwd, file) || file}\n`,
  )
  return EXIT.pass
}
