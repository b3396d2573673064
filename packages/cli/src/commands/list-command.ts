import path from 'node:path'
import { runnerMetrics } from '@dyno/core'
import { renderTable } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { checkRequirement, describeRequirement } from '../load/check-requirements.js'
import { type DatabaseFlags, withConfiguredDatabases } from '../options/database-options.js'
import { databaseSupportFor } from '../options/database-support.js'
import { loadSelectedScenarios } from './load-selected.js'

export interface ListOptions extends DatabaseFlags {
  scenarios?: string[]
  json?: boolean
  config?: string
}

export async function listCommand(ids: string[], options: ListOptions, io: CliIo): Promise<ExitCode> {
  const project = await loadProject(io.cwd, options.config)
  const loaded = await loadSelectedScenarios(ids, options.scenarios ?? [], io.cwd, project)
  const flags = withConfiguredDatabases(options, project.settings.db, io.env)
  const { support, missing } = await databaseSupportFor(loaded, flags, io.env)
  const context = { env: io.env, databases: support, missing }
  const rows = []
  for (const { scenario, sourceFile } of loaded) {
    const variants = Object.entries(scenario.variants).map(([name, v]) => (v.baseline ? `${name}*` : name))
    const needs = []
    for (const r of scenario.requires ?? []) {
      const status = await checkRequirement(r, context)
      needs.push({ need: describeRequirement(r), optional: r.optional === true, met: status.met, detail: status.detail })
    }
    rows.push({
      id: scenario.id,
      runner: scenario.runner.kind,
      variants,
      metrics: runnerMetrics(scenario).map((m) => m.name),
      needs,
      description: scenario.description,
      file: sourceFile ? path.relative(io.cwd, sourceFile) : null,
    })
  }
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
