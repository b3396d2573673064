import path from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  type Comparison,
  type DescribedScenario,
  type ProfilePolicy,
  type ProtocolHello,
  profileRefScenario,
  profilingRevisionFor,
  type ResultFile,
  refProfilePlans,
  resolvedFromDescription,
  stats,
  writeResultFile,
} from '@dyno/core'
import type { PlannedScenario } from './plan-ref-scenarios.js'
import { type BuildHarness, buildCanProfile, profilingUnsupported, runProfileRoundInBuild } from './round-client.js'

/**
 * compare-refs' profiling step, after every scenario has been measured and the suite's verdicts
 * are known: the scenarios `refProfilePlans` picks (all with --profile, the regressed ones by
 * default) are profiled on both builds (core profileRefScenario), each profiling round in a
 * fresh process of its side's dyno, and each HEAD result file is rewritten with its profile.
 *
 * A BASE whose dyno predates profiling rounds (its hello announces an older revision of the
 * round protocol) is never sent one: HEAD is profiled alone, and the record and the log say
 * why BASE is missing. A HEAD whose dyno predates them means no profiles, with a note. The
 * same holds, for http-load scenarios only, of a dyno whose profiling rounds predate profiling
 * the server's process, where an http-load round's measured work runs.
 */
export interface RefProfilingInput {
  policy: ProfilePolicy
  /** The verdicts of the whole suite (HEAD against BASE, Holm across every scenario). */
  comparisons: readonly Comparison[]
  results: { base: readonly ResultFile[]; head: readonly ResultFile[] }
  toRun: readonly PlannedScenario[]
  harness: { base: BuildHarness; head: BuildHarness }
  hello: { base: ProtocolHello; head: ProtocolHello }
  /** The compare-refs run directory (HEAD's results are in `<runDir>/head`). */
  runDir: string
  seed: number
  quick: boolean
  roundTimeoutMs: (scenario: DescribedScenario) => number
  signal: AbortSignal
  log: (line: string) => void
}

/** HEAD's results, with a profile attached to each scenario that was profiled. */
export async function profileRefScenarios(input: RefProfilingInput): Promise<ResultFile[]> {
  const plans = refProfilePlans({ ...input.results, comparisons: input.comparisons, mode: input.policy.mode })
  const head = [...input.results.head]
  const headRunDir = path.join(input.runDir, 'head')
  if (plans.length > 0 && !buildCanProfile(input.hello.head)) {
    // Profiles live on HEAD's results and explain HEAD: without HEAD's there is nothing to show.
    input.log(`note: ${profilingUnsupported(input.harness.head, input.hello.head).message}; nothing was profiled`)
    return head
  }
  for (const plan of plans) {
    if (input.signal.aborted) break
    const index = head.findIndex((r) => r.scenario.id === plan.scenarioId)
    const planned = input.toRun.find((p) => p.head.record.id === plan.scenarioId)
    const result = head[index]
    if (result === undefined || planned === undefined) continue
    // Each side's own runner: a scenario can change runners between the two commits.
    const runnerKind = { base: planned.base?.record.runner.kind ?? planned.head.record.runner.kind, head: planned.head.record.runner.kind }
    const unsupported = (side: 'base' | 'head') =>
      profilingUnsupported(input.harness[side], input.hello[side], profilingRevisionFor(runnerKind[side])).message
    if (!buildCanProfile(input.hello.head, runnerKind.head)) {
      // HEAD's dyno profiles rounds, but only its own process, where an http-load round's work does not run.
      input.log(`${plan.scenarioId}: not profiled: ${unsupported('head')}`)
      continue
    }
    const notices: string[] = []
    let variants = plan.variants
    if (variants.base.length > 0 && !buildCanProfile(input.hello.base, runnerKind.base)) {
      notices.push(`${unsupported('base')}; HEAD was profiled alone`)
      variants = { base: [], head: variants.head }
    }
    input.log(`profiling ${plan.scenarioId} on ${variants.base.length > 0 ? 'both builds' : 'HEAD'} (${plan.reason})…`)
    for (const notice of notices) input.log(`  note: ${notice}`)
    const clock = performance.now()
    let rounds = 0
    // Its own seed: the profiling order does not repeat the measured one.
    const seed = (input.seed ^ stats.seedFromString(plan.scenarioId) ^ stats.seedFromString('profile')) >>> 0
    const timeoutMs = input.roundTimeoutMs(planned.head)
    const profiled = await profileRefScenario({
      plan: { ...plan, variants },
      results: { base: input.results.base.find((r) => r.scenario.id === plan.scenarioId), head: result },
      head: resolvedFromDescription(planned.head),
      roots: { base: input.harness.base.cwd, head: input.harness.head.cwd },
      runDir: headRunDir,
      seed,
      quick: input.quick,
      notices,
      ...(input.policy.settings !== undefined ? { settings: input.policy.settings } : {}),
      ...(input.policy.rounds !== undefined ? { rounds: input.policy.rounds } : {}),
      ...(input.policy.top !== undefined ? { top: input.policy.top } : {}),
      signal: input.signal,
      runArm: ({ arm, calibration, settings, repeat }) =>
        runProfileRoundInBuild(
          input.harness[arm.side],
          {
            scenarioFile: (arm.side === 'base' ? planned.base : planned.head)?.record.sourceFile ?? '',
            scenarioId: plan.scenarioId,
            variant: arm.variant,
            quick: input.quick,
            seed,
            calibration,
            settings,
            repeat,
          },
          timeoutMs * repeat,
          runnerKind[arm.side],
        ),
      onRound: () => {
        rounds++
      },
    })
    const failure = profiled.profile?.warnings.find((w) => w.startsWith('profiling failed'))
    input.log(
      failure !== undefined
        ? `${plan.scenarioId}: ${failure}`
        : `profiled ${plan.scenarioId}: ${rounds} profiling rounds in ${((performance.now() - clock) / 1000).toFixed(1)} s`,
    )
    await writeResultFile(headRunDir, profiled)
    head[index] = profiled
  }
  return head
}
