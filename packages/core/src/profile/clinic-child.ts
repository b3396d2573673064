/**
 * Entry point of the process `clinic doctor|flame` watches (see clinic.ts): load the scenario
 * file, set its fixture up, run one unobserved warm-up round and then the requested rounds of
 * one variant, tear down, exit. It runs the scenario on its own — clinic starts it, so no
 * fixture can be handed over — which is why scenarios that need servers are not offered to
 * clinic. Any failure is printed in one line and exits 1.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { executeRound, type MicroCalibration } from '../orchestrate/execute-round.js'
import { scenariosInModule } from '../scenario/find-scenarios.js'
import type { ScenarioContext } from '../scenario/scenario.js'
import type { ClinicRequest } from './clinic.js'

async function main(requestFile: string): Promise<void> {
  const request = JSON.parse(await readFile(requestFile, 'utf8')) as ClinicRequest
  const namespace = (await import(pathToFileURL(request.scenarioFile).href)) as Record<string, unknown>
  const scenario = scenariosInModule(namespace).find((s) => s.id === request.scenarioId)
  if (scenario === undefined) throw new Error(`${request.scenarioFile} does not export scenario '${request.scenarioId}'`)
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'dyno-clinic-'))
  const context: ScenarioContext = { quick: request.quick, tempDir, seed: request.seed, databases: {} }
  try {
    const fixture = await scenario.setup?.(context)
    let calibration: MicroCalibration | null = null
    for (let round = 0; round <= request.rounds; round++) {
      const variantContext = { ...context, variant: request.variant }
      await scenario.beforeRound?.(fixture, variantContext)
      const outcome = await executeRound({
        scenario,
        fixture,
        context: variantContext,
        isolatedProcess: true,
        calibration,
        onCalibrated: (c) => {
          calibration = c
        },
      })
      if (outcome.status === 'errored') throw new Error(outcome.error.message)
      if (outcome.status === 'invalid') throw new Error(`the output is wrong: ${outcome.reason}`)
    }
    await scenario.teardown?.(fixture, context)
  } finally {
    await rm(tempDir, { recursive: true, force: true })
  }
}

main(process.argv[2] ?? '').then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`dyno clinic round failed: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
