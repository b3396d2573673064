import path from 'node:path'
import { calibrateScenario, collectFingerprint, resolveAll, type ScenarioCalibration, saveCalibrations } from '@dyno/core'
import { renderTable } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { describeRequirement, unmetRequirements } from '../load/check-requirements.js'
import { childExecArgv } from '../load/load-scenarios.js'
import { type DatabaseFlags, withConfiguredDatabases } from '../options/database-options.js'
import { databaseSupportFor } from '../options/database-support.js'
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
  const flags = withConfiguredDatabases(options, project.settings.db, io.env)
  const mode = flags.db ?? 'auto'
  const { support, missing } = await databaseSupportFor(selected, flags, io.env)
  const runnable: typeof selected = []
  for (const loaded of selected) {
    const unmet = await unmetRequirements(loaded.scenario.requires, { env: io.env, databases: support, missing })
    if (unmet.length === 0) runnable.push(loaded)
    else
      io.err(
        `- skipped ${loaded.scenario.id}: needs ${unmet.map((u) => `${describeRequirement(u.requirement)} (${u.detail})`).join(', ')}\n`,
      )
  }
  const resolved = resolveAll(runnable)
  const root = resultsRoot(io.cwd, options.out, io.env, project.settings.resultsDir)
  const progress = new ProgressReporter(io)
  const provisioner =
    support === null
      ? undefined
      : new support.db.DatabaseProvisioner({ mode, availability: support.availability, log: (line) => progress.note(line) })
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
        ...(provisioner !== undefined ? { provisioner } : {}),
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
