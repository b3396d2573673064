import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import {
  buildProfileRecord,
  type ClinicTool,
  clinicNotice,
  DynoError,
  detectClinic,
  newRunId,
  type ProfileRecord,
  profileScenario,
  type ResolvedScenario,
  resolveAll,
  runClinic,
  saveProfileFiles,
  writeJsonAtomic,
} from '@dyno/core'
import { type ProfileItem, renderProfileItems, renderProfileReport } from '@dyno/report'
import { loadProject } from '../config/load-project.js'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { CliIo } from '../io.js'
import { describeRequirement, unmetRequirements } from '../load/check-requirements.js'
import { childExecArgv } from '../load/load-scenarios.js'
import { type DatabaseFlags, withConfiguredDatabases } from '../options/database-options.js'
import { databaseSupportFor } from '../options/database-support.js'
import { displayPath } from '../report/reports-location.js'
import { href, type ProfileSource, writeFlameGraphs } from '../report/write-flame-graphs.js'
import { writeReportFile } from '../report/write-report-file.js'
import { resultsRoot } from '../results/results-location.js'
import { loadSelectedScenarios } from './load-selected.js'
import { EXIT_INTERRUPTED } from './run-command.js'

/**
 * `dyno profile ID…`: profile scenarios' variants without measuring them for a verdict — CPU
 * profiles of each variant's measured work, a flame graph per variant, the differential view
 * of each variant against the baseline, and optionally clinic's reports. Everything goes to one
 * directory (default results/profiles/<id>/), with an index.html linking it all and a
 * profile.json holding the records. The figures are taken under the profiler: they explain,
 * they are not measurements to compare (use `dyno run` for that).
 */
export interface ProfileOptions extends DatabaseFlags {
  variant?: string[]
  config?: string
  quick?: boolean
  out?: string
  rounds?: number
  heapProfile?: boolean
  samplingInterval?: number
  seed?: number
  scenarios?: string[]
  clinic?: ClinicTool
  top?: number
  format: 'table' | 'json'
}

const CLINIC_TIMEOUT_MS = 600_000

function checkVariants(resolved: readonly ResolvedScenario[], wanted: readonly string[]): void {
  const problems = resolved.flatMap((r) =>
    wanted
      .filter((v) => !r.variantNames.includes(v))
      .map((v) => `scenario '${r.spec.id}' has no variant '${v}' (its variants: ${r.variantNames.join(', ')})`),
  )
  if (problems.length > 0) {
    throw new DynoError('unknown-variant', `${problems.length === 1 ? 'a variant' : 'variants'} given with --variant do not exist`, {
      details: problems,
      hint: '`dyno list ID` shows each scenario’s variants',
    })
  }
}

export async function profileCommand(ids: string[], options: ProfileOptions, io: CliIo): Promise<ExitCode | typeof EXIT_INTERRUPTED> {
  const project = await loadProject(io.cwd, options.config)
  const selected = await loadSelectedScenarios(ids, options.scenarios ?? [], io.cwd, project)
  const flags = withConfiguredDatabases(options, project.settings.db, io.env)
  const { support, missing } = await databaseSupportFor(selected, flags, io.env)
  const unmet: string[] = []
  for (const s of selected) {
    for (const u of await unmetRequirements(s.scenario.requires, { env: io.env, databases: support, missing })) {
      unmet.push(`${s.scenario.id} needs ${describeRequirement(u.requirement)} (${u.detail})`)
    }
  }
  const provisioner =
    support === null
      ? undefined
      : new support.db.DatabaseProvisioner({ mode: support.mode, availability: support.availability, log: (line) => io.err(`  ${line}\n`) })
  if (unmet.length > 0) {
    throw new DynoError('requirements-unmet', 'this machine cannot run the scenarios asked for', {
      details: unmet,
      hint: 'profile scenarios whose needs `dyno list` shows as met',
      exitKind: 'environment',
    })
  }
  const resolved = resolveAll(selected)
  const wanted = options.variant ?? []
  checkVariants(resolved, wanted)

  // clinic: what is there is always said; asking for it when it cannot run fails before anything runs.
  const clinic = await detectClinic({ env: io.env, cwd: io.cwd })
  const notices = [
    options.clinic !== undefined && clinic.state === 'available'
      ? `clinic ${clinic.version} (${clinic.path}) ran \`clinic ${options.clinic}\` on each variant, with NO_INSIGHT=1`
      : clinicNotice(clinic),
  ]
  if (options.clinic !== undefined) {
    if (clinic.state !== 'available') {
      throw new DynoError(
        'clinic-unavailable',
        `--clinic ${options.clinic} needs clinic, ${clinic.state === 'missing' ? 'which is not installed' : `which cannot be used: ${clinic.reason}`}`,
        {
          hint: 'install it with `npm i -g clinic` (dyno runs it with NO_INSIGHT=1), or leave --clinic out: the CPU profiles need nothing',
          exitKind: 'environment',
        },
      )
    }
    const needServers = resolved.filter((r) => (r.spec.requires ?? []).some((q) => q.kind === 'database') || r.sourceFile === null)
    if (needServers.length > 0) {
      throw new DynoError('clinic-needs-plain-scenario', '--clinic runs a scenario on its own, without servers or dyno around it', {
        details: needServers.map((r) => `${r.spec.id} needs servers, which clinic's process cannot be given`),
        hint: 'use --clinic with scenarios that need no database, or leave it out',
      })
    }
  }

  const id = newRunId()
  const outDir =
    options.out !== undefined
      ? path.resolve(io.cwd, options.out)
      : path.join(resultsRoot(io.cwd, undefined, io.env, project.settings.resultsDir), 'profiles', id)
  try {
    await mkdir(outDir, { recursive: true })
  } catch (error) {
    throw new DynoError('profile-out-unwritable', `cannot create ${outDir}: ${(error as { code?: string }).code ?? String(error)}`, {
      hint: 'pass a writable directory with --out',
    })
  }

  const abort = new AbortController()
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED)
    io.err('\ndyno: stopping after the current round (press Ctrl-C again to quit at once)…\n')
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
  const profiled: { resolved: ResolvedScenario; record: ProfileRecord; clinic: { label: string; html: string }[] }[] = []
  let failed = false
  try {
    for (const [index, scenario] of resolved.entries()) {
      if (abort.signal.aborted) break
      const variants = wanted.length > 0 ? scenario.variantNames.filter((v) => wanted.includes(v)) : scenario.variantNames
      io.err(`[${index + 1}/${resolved.length}] profiling ${scenario.spec.id}: ${variants.join(', ')}\n`)
      const session = await profileScenario(scenario, {
        seed,
        quick: options.quick === true,
        variants,
        ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
        settings: {
          heap: options.heapProfile === true,
          ...(options.samplingInterval !== undefined ? { samplingIntervalUs: options.samplingInterval } : {}),
        },
        childExecArgv: childExecArgv(),
        signal: abort.signal,
        ...(provisioner !== undefined ? { provisioner } : {}),
        onRound: (e) => {
          if (e.status !== 'ok') io.err(`  ✗ ${e.variant} ${e.status} in profiled round ${e.round + 1}\n`)
        },
      })
      const entries = session.variants.map((profile) => ({ label: profile.variant, profile }))
      const files = await saveProfileFiles(entries, path.join(outDir, ...scenario.spec.id.split('/')), outDir)
      const primary = scenario.metrics.find((m) => m.name === scenario.primaryMetric) ?? {
        name: scenario.primaryMetric,
        unit: 'count',
        better: 'lower',
      }
      const record = buildProfileRecord({
        trigger: 'requested',
        reason: 'with dyno profile',
        sessions: [session],
        primaryMetric: primary,
        entries: entries.map((e) => ({
          ...e,
          files: files.get(e.label) ?? { cpuProfile: null, heapProfile: null },
          root: io.cwd,
          measuredMedian: null,
        })),
        diffs: variants.includes(scenario.baseline)
          ? variants.filter((v) => v !== scenario.baseline).map((head) => ({ base: scenario.baseline, head }))
          : [],
        ...(options.top !== undefined ? { top: options.top } : {}),
      })
      if (session.error !== null) record.warnings.unshift(`the scenario could not be set up: ${session.error.message}`)
      if (session.error !== null || record.variants.some((v) => v.status !== 'profiled')) failed = true
      const clinicReports: { label: string; html: string }[] = []
      if (options.clinic !== undefined && clinic.state === 'available' && !abort.signal.aborted) {
        for (const variant of variants) {
          io.err(`  clinic ${options.clinic}: ${scenario.spec.id} · ${variant}…\n`)
          const outcome = await runClinic({
            tool: options.clinic,
            clinicPath: clinic.path,
            request: {
              scenarioFile: scenario.sourceFile as string,
              scenarioId: scenario.spec.id,
              variant,
              rounds: Math.max(1, session.variants.find((v) => v.variant === variant)?.rounds.length ?? 1),
              quick: options.quick === true,
              seed,
            },
            dest: path.join(outDir, ...scenario.spec.id.split('/'), `clinic-${options.clinic}-${variant}`),
            execArgv: childExecArgv(),
            env: io.env,
            timeoutMs: CLINIC_TIMEOUT_MS,
          })
          if (outcome.status === 'ok')
            clinicReports.push({ label: `clinic ${options.clinic}: ${scenario.spec.id} · ${variant}`, html: outcome.html })
          else {
            record.warnings.push(outcome.reason)
            failed = true
          }
        }
      }
      profiled.push({ resolved: scenario, record, clinic: clinicReports })
    }
  } finally {
    process.off('SIGINT', onSignal)
  }

  const sources: ProfileSource[] = profiled.map((p) => ({
    scenarioId: p.resolved.spec.id,
    runLabel: `dyno profile ${id}`,
    record: p.record,
    runDir: outDir,
  }))
  // Flame graphs beside their .cpuprofile files: the whole session is one directory.
  const flames = await writeFlameGraphs(sources, outDir, io.cwd, outDir)
  for (const note of flames.notes) io.err(`dyno: note: ${note}\n`)
  const linksOf = (source: ProfileSource) => (label: string) => flames.written.get(source)?.get(label)?.links ?? null
  const index = path.join(outDir, 'index.html')
  await writeReportFile(
    index,
    renderProfileReport({
      title: `dyno profile ${id}`,
      subtitle: `${profiled.length} scenario${profiled.length === 1 ? '' : 's'} · seed ${seed}${options.quick ? ' · quick' : ''}`,
      scenarios: profiled.map((p, i) => ({
        scenarioId: p.resolved.spec.id,
        description: p.resolved.spec.description,
        record: p.record,
        links: linksOf(sources[i] as ProfileSource),
      })),
      notices,
      extraLinks: profiled.flatMap((p) => p.clinic.map((c) => ({ label: c.label, href: href(outDir, c.html) }))),
      generatedAt: new Date().toISOString(),
    }),
  )
  await writeJsonAtomic(path.join(outDir, 'profile.json'), {
    kind: 'dyno-profile',
    id,
    seed,
    profiles: profiled.map((p) => ({ scenarioId: p.resolved.spec.id, ...p.record })),
  })

  const shown = (file: string) => displayPath(io.cwd, file)
  if (options.format === 'json') {
    io.out(
      `${JSON.stringify({ id, out: outDir, report: index, profiles: profiled.map((p) => ({ scenarioId: p.resolved.spec.id, ...p.record, clinic: p.clinic.map((c) => c.html) })), notices }, null, 2)}\n`,
    )
  } else {
    const items: ProfileItem[] = profiled.map((p, i) => ({
      scenarioId: p.resolved.spec.id,
      record: p.record,
      measured: [],
      afterVerdicts: false,
      flameGraph: (label) => {
        const page = flames.written.get(sources[i] as ProfileSource)?.get(label)?.page
        return page ? shown(page) : null
      },
    }))
    const clinicLines = profiled.flatMap((p) => p.clinic.map((c) => `${c.label}: ${shown(c.html)}`))
    io.out(`${renderProfileItems(items, { color: io.color, ...(options.top !== undefined ? { top: options.top } : {}) })}\n\n`)
    io.out(`${[...notices.map((n) => `note: ${n}`), ...clinicLines].join('\n')}\n\n`)
    io.out(`Report: ${shown(index)}\nProfiles: ${shown(outDir)}\n`)
  }
  if (abort.signal.aborted) return EXIT_INTERRUPTED
  return failed ? EXIT.failed : EXIT.pass
}
