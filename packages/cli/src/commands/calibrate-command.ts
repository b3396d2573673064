import path from 'node:path'
import { calibrateScenario, collectFingerprint, resolveAll, type ScenarioCalibration, saveCalibrations } from '@dyno/core'
import { renderTable } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { unmetRequirements } from '../load/check-requirements.js'
import { childExecArgv } from '../load/load-scenarios.js'
import { ProgressReporter } from '../progress/progress-reporter.js'
import { resultsRoot } from '../results/results-location.js'
import { loadSelectedScenarios } from './load-selected.js'

export interface CalibrateCommandOptions {
  trials: number
  quick?: boolean
  out?: string
  seed?: number
  scenarios?: string[]
  json?: boolean
  config?: string
}

const pct = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`)

/**
 * `dyno calibrate`: A/A trials per scenario, stored per machine under
 * results/calibration/<machineId>.json, then used by `run` and `compare` to flag gates
 * tighter than this machine's noise.
 */
export async function calibrateCommand(ids: string[], options: CalibrateCommandOptions, io: CliIo): Promise<ExitCode> {
  const project = await loadProject(io.cwd, options.config)
  const selected = await loadSelectedScenarios(ids, options.scenarios ?? [], io.cwd, project)
  const runnable = selected.filter((s) => unmetRequirements(s.scenario.requires, io.env).length === 0)
  for (const skipped of selected.filter((s) => !runnable.includes(s)))
    io.err(`- skipped ${skipped.scenario.id}: its servers are not available\n`)
  const resolved = resolveAll(runnable)
  const root = resultsRoot(io.cwd, options.out, io.env, project.settings.resultsDir)
  const progress = new ProgressReporter(io)
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
