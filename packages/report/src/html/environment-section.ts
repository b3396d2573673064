import type { EnvironmentDifference, Fingerprint } from '@dyno/core'
import { formatValue } from '../format/format-value.js'
import { type Html, html } from './html-template.js'

/**
 * Where the figures were measured, one column per environment (BASE and HEAD when comparing),
 * with differing rows highlighted and labelled: a difference in CPU, cores, Node major or
 * database version means the comparison measured machines as much as code.
 */
export interface EnvironmentColumn {
  label: string
  fingerprint: Fingerprint
}

export function flattenFingerprint(fp: Fingerprint): [string, string][] {
  const rows: [string, string][] = [
    ['machineId', fp.machineId],
    ['cpu.model', fp.cpu.model],
    ['cpu.cores', String(fp.cpu.cores)],
    ['cpu.speedMHz', fp.cpu.speedMHz > 0 ? String(fp.cpu.speedMHz) : 'unknown'],
    ['cpu.arch', fp.cpu.arch],
    ['memoryBytes', formatValue(fp.memoryBytes, 'bytes')],
    ['os.platform', fp.os.platform],
    ['os.release', fp.os.release],
    ['os.version', fp.os.version],
    ['runtime.node', fp.runtime.node],
    ['runtime.v8', fp.runtime.v8],
    ['runtime.uv', fp.runtime.uv],
    ['timezone', fp.timezone],
    ['git.sha', fp.git?.sha ?? 'not a git checkout'],
    ['git.branch', fp.git?.branch ?? '–'],
    ['git.dirty', fp.git === null ? '–' : fp.git.dirty ? 'yes (uncommitted changes)' : 'no'],
    ['loadAverage', fp.loadAverage.map((l) => l.toFixed(2)).join(' / ')],
    ['dataset', fp.dataset ?? 'none'],
  ]
  for (const [name, version] of Object.entries(fp.packages).sort(([a], [b]) => a.localeCompare(b))) rows.push([`packages.${name}`, version])
  for (const db of fp.databases) {
    rows.push([`databases.${db.engine}.version`, db.version])
    if (db.provider !== undefined) rows.push([`databases.${db.engine}.provider`, db.provider])
    for (const [key, value] of Object.entries(db.settings).sort(([a], [b]) => a.localeCompare(b)))
      rows.push([`databases.${db.engine}.settings.${key}`, value])
  }
  return rows
}

function severityOf(field: string, differences: readonly EnvironmentDifference[]): EnvironmentDifference['severity'] | null {
  const matching = differences.filter((d) => d.field.replace(/ \(major\)$/, '') === field)
  if (matching.some((d) => d.severity === 'blocking')) return 'blocking'
  return matching.length > 0 ? 'notable' : null
}

/** Fields that differ between scenarios of one run without meaning anything (load at start, per-scenario packages). */
const PER_SCENARIO = /^(loadAverage|packages\.)/

export function renderEnvironmentSection(columns: readonly EnvironmentColumn[], differences: readonly EnvironmentDifference[]): Html {
  const flat = columns.map((c) => new Map(flattenFingerprint(c.fingerprint)))
  const fields: string[] = []
  for (const map of flat) for (const key of map.keys()) if (!fields.includes(key)) fields.push(key)
  const rows = fields.map((field) => {
    const values = flat.map((m) => m.get(field) ?? '–')
    const differs = new Set(values).size > 1
    const severity = differs ? (severityOf(field, differences) ?? (PER_SCENARIO.test(field) ? null : 'notable')) : null
    const marker =
      severity === 'blocking'
        ? html` <span class="badge verdict-regressed"><span aria-hidden="true">⚠</span> differs: not one experiment</span>`
        : severity === 'notable' || differs
          ? html` <span class="badge verdict-inconclusive">differs</span>`
          : ''
    return html`<tr${differs ? html` class="env-differs env-${severity ?? 'minor'}"` : ''}><th scope="row">${field}${marker}</th>${values.map((v) => html`<td>${v}</td>`)}</tr>`
  })
  return html`<section id="environment" aria-labelledby="environment-heading">
<h2 id="environment-heading">Environment</h2>
${columns.length > 1 ? html`<p>Rows where the columns differ are highlighted. CPU model, core count, Node major version, database versions and the dataset must match for figures to be comparable.</p>` : ''}
<div class="table-wrap"><table class="environment"><thead><tr><th scope="col">field</th>${columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>
</section>`
}
