import path from 'node:path'
import { runnerMetrics } from '@dyno/core'
import { renderTable } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { checkRequirement, describeRequirement } from '../load/check-requirements.js'
import { loadSelectedScenarios } from './load-selected.js'

export interface ListOptions {
  scenarios?: string[]
  json?: boolean
  config?: string
}

export async function listCommand(ids: string[], options: ListOptions, io: CliIo): Promise<ExitCode> {
  const project = await loadProject(io.cwd, options.config)
  const loaded = await loadSelectedScenarios(ids, options.scenarios ?? [], io.cwd, project)
  const rows = loaded.map(({ scenario, sourceFile }) => {
    const variants = Object.entries(scenario.variants).map(([name, v]) => (v.baseline ? `${name}*` : name))
    const needs = (scenario.requires ?? []).map((r) => {
      const status = checkRequirement(r, io.env)
      return { need: describeRequirement(r), optional: r.optional === true, met: status.met, detail: status.detail }
    })
    return {
      id: scenario.id,
      runner: scenario.runner.kind,
      variants,
      metrics: runnerMetrics(scenario).map((m) => m.name),
      needs,
      description: scenario.description,
      file: sourceFile ? path.relative(io.cwd, sourceFile) : null,
    }
  })
  if (options.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`)
    return EXIT.pass
  }
  const table = renderTable(
    ['scenario', 'runner', 'variants (* = baseline)', 'needs', 'description'],
    rows.map((r) => [
      r.id,
      r.runner,
      r.variants.join(', '),
      r.needs.length === 0
        ? 'nothing'
        : r.needs.map((n) => `${n.need}${n.optional ? ' (optional)' : ''}${n.met ? '' : ' – missing'}`).join(', '),
      r.description,
    ]),
    [],
    '',
  )
  io.out(`${table}\n`)
  return EXIT.pass
}
