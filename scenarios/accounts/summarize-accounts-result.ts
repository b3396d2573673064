/**
 * Prints the figures of an accounts/* result file that the README quotes: per variant the
 * median over rounds of each metric, the lock errors counted by class, and, when the run
 * has the node:http ceiling as a variant, each variant's throughput as a paired fraction of it.
 *
 *   node --import tsx scenarios/accounts/summarize-accounts-result.ts results/<run-id>/accounts/phases.json
 */
import { readResultFile, referenceFraction } from '@dyno/core'

/** The ceiling's name in files written before reference variants existed. */
const CEILING = 'node-http-ceiling'

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

function format(value: number | null, unit: string): string {
  if (value === null) return '–'
  switch (unit) {
    case 'us':
      return value >= 10_000 ? `${(value / 1000).toFixed(0)} ms` : `${(value / 1000).toFixed(2)} ms`
    case 'bytes':
      return `${(value / 1024 / 1024).toFixed(0)} MB`
    case 'fraction':
      return `${(value * 100).toFixed(2)}%`
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')}/s`
    default:
      return value.toFixed(1)
  }
}

const file = process.argv[2]
if (file === undefined) {
  process.stderr.write('usage: summarize-accounts-result.ts <result file>\n')
  process.exit(2)
}
const result = await readResultFile(file)
const columns: [string, string][] = [
  ['throughputRps', 'req/s'],
  ['p95LatencyUs', 'us'],
  ['p99LatencyUs', 'us'],
  ['errorRate', 'fraction'],
  ['droppedRate', 'fraction'],
  ['serverPeakRssBytes', 'bytes'],
  ['serverCpuUsPerRequest', 'µs'],
  ['serverGcPauseMs', 'ms'],
]
const present = columns.filter(([name]) => result.variants.some((v) => v.rounds.some((r) => r.values[name] !== undefined)))
// Newer files name their reference and hold the fractions; older ones are paired here.
const ceiling = result.scenario.referenceVariant ?? CEILING
const hasCeiling = result.variants.some((v) => v.name === ceiling)
const throughputFraction = (variant: string) =>
  result.references?.find((f) => f.variant === variant && f.metric === 'throughputRps') ??
  referenceFraction(result, { variant, reference: ceiling })
const header = ['variant', 'rounds', ...present.map(([name]) => `median ${name}`), 'offered req/s', 'lock errors / requests']
if (hasCeiling) header.push('throughput / ceiling [95% CI]')
const rows = [header]
for (const variant of result.variants) {
  const completed = variant.rounds.filter((r) => r.status === 'ok')
  const row = [`${variant.name}${variant.status === 'completed' ? '' : ` (${variant.status})`}`, String(completed.length)]
  for (const [name, unit] of present) {
    row.push(format(median(completed.flatMap((r) => (r.values[name] === undefined ? [] : [r.values[name] as number]))), unit))
  }
  const offered = median(completed.flatMap((r) => (r.detail?.['offeredRps'] === undefined ? [] : [Number(r.detail['offeredRps'])])))
  row.push(offered === null ? '–' : format(offered, 'req/s'))
  const lockErrors = completed.reduce((sum, r) => sum + (r.load?.errorsByClass['lock-error'] ?? 0), 0)
  const requests = completed.reduce((sum, r) => sum + Number(r.detail?.['ok'] ?? 0) + Number(r.detail?.['errors'] ?? 0), 0)
  row.push(`${lockErrors.toLocaleString('en-US')} / ${requests.toLocaleString('en-US')}`)
  if (hasCeiling) {
    const fraction = variant.name === ceiling ? null : throughputFraction(variant.name)
    row.push(
      fraction === null
        ? '–'
        : `${fraction.estimate.toFixed(2)} [${fraction.low?.toFixed(2) ?? '?'}, ${fraction.high?.toFixed(2) ?? '?'}] (${fraction.pairs} pairs)`,
    )
  }
  rows.push(row)
}
process.stdout.write(`${result.scenario.id}  run ${result.runId}  (${result.session.startedAt})\n`)
for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`)
for (const check of result.claims) {
  const measured = check.measured === null ? '–' : check.measured.estimate.toFixed(3)
  process.stdout.write(
    `claim ${check.claim.variant} ${check.claim.metric} ratio: ${check.status} (measured ${measured}) — ${check.claim.text}\n`,
  )
}
