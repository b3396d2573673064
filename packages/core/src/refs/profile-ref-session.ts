import { performance } from 'node:perf_hooks'
import type { MicroCalibration, RoundOutcome } from '../orchestrate/execute-round.js'
import { roundOrder } from '../orchestrate/round-schedule.js'
import { type ProfilerSettings, profilerSettings } from '../profile/inspector-profiler.js'
import { defaultProfileRounds, profileTargetMs } from '../profile/profile-scenario.js'
import type { ScenarioProfile } from '../profile/scenario-profile.js'
import { VariantProfileState } from '../profile/variant-profile-state.js'
import { microRoundMs } from '../runners/micro-runner.js'
import type { ResolvedScenario } from '../scenario/resolve-scenario.js'
import { createRandom } from '../stats/prng.js'
import type { ProfiledRoundReply } from './round-protocol.js'
import { type Arm, armName, type Side } from './run-ref-session.js'

/**
 * The profiling rounds of one compare-refs scenario: the chosen variants of each side, each
 * round in a fresh process of that side's build (the round protocol's `profile-round`), arms
 * interleaved in the same balanced order as the measured rounds (A B C D | D C B A), so drift
 * on a shared machine falls on BASE and HEAD alike. Each arm's rounds are merged into one
 * profile per side. An http-load scenario's profiles are of the server process of each round.
 *
 * A session of its own, after the measured one: what it returns is ScenarioProfiles, never
 * RoundRecords, so no profiled round can become one of the verdict's samples (tested in
 * profile-ref-session.test.ts). Where a round runs is the caller's business (`runArm`).
 */
export interface ProfileArmRound {
  arm: Arm
  round: number
  /** Measured rounds under the profiler in the arm's process. */
  repeat: number
  settings: ProfilerSettings
  /** Micro runner: the batch size the arm's first profiling round chose. */
  calibration: MicroCalibration | null
}

export type ProfileArmReply = Omit<ProfiledRoundReply, 'type'>

export type ProfileArmRunner = (request: ProfileArmRound) => Promise<ProfileArmReply>

export interface RefProfileSessionOptions {
  seed: number
  quick: boolean
  /** The scenario as HEAD describes it: its runner decides how many rounds are enough. */
  head: ResolvedScenario
  /** Variants to profile on each side; an empty list leaves the side out (null in the result). */
  variants: { base: readonly string[]; head: readonly string[] }
  settings?: Partial<ProfilerSettings>
  /** Profiling processes per arm (default: see refProfileRounds). */
  rounds?: number
  runArm: ProfileArmRunner
  signal?: AbortSignal
  onRound?: (event: { arm: string; round: number; rounds: number; status: RoundOutcome['status'] }) => void
}

export interface RefProfileSession {
  base: ScenarioProfile | null
  head: ScenarioProfile
}

/**
 * How much profiling each arm gets. Each process costs a Node start and a warm-up, so short
 * micro rounds are repeated inside two processes per arm until about profileTargetMs of work is
 * profiled; throughput jobs and http-load rounds are long enough for one per process, as many
 * as `dyno run` profiles them (defaultProfileRounds).
 */
export function refProfileRounds(resolved: ResolvedScenario, quick: boolean): { min: number; max: number; repeat: number } {
  const runner = resolved.spec.runner
  if (runner.kind === 'micro') {
    const processes = 2
    const repeat = Math.min(20, Math.max(1, Math.ceil(profileTargetMs(quick) / (processes * microRoundMs(runner, quick)))))
    return { min: processes, max: processes, repeat }
  }
  return { ...defaultProfileRounds(resolved, quick), repeat: 1 }
}

export async function profileRefSession(options: RefProfileSessionOptions): Promise<RefProfileSession> {
  const settings = profilerSettings(options.settings)
  const plan = refProfileRounds(options.head, options.quick)
  const min = options.rounds ?? plan.min
  const max = options.rounds ?? plan.max
  const random = createRandom(options.seed)
  const sides: Side[] = ['base', 'head']
  const arms = new Map<string, { arm: Arm; state: VariantProfileState }>()
  for (const side of sides) {
    for (const variant of options.variants[side]) {
      const arm: Arm = { side, variant, name: armName(side, variant) }
      arms.set(arm.name, { arm, state: new VariantProfileState(variant) })
    }
  }
  const startedAt = new Date().toISOString()
  const clockStart = performance.now()
  const warnings: string[] = []
  const running = () => [...arms.values()].filter((a) => a.state.running).map((a) => a.arm.name)
  const enough = () => running().every((name) => (arms.get(name)?.state.profiledMs ?? 0) >= profileTargetMs(options.quick))

  let previous: string[] | null = null
  for (let r = 0; r < max; r++) {
    if (r >= min && enough()) break
    if (options.signal?.aborted) {
      warnings.push(`interrupted after ${r} of ${max} profiling rounds`)
      break
    }
    const order = roundOrder(running(), r, previous, random)
    previous = order
    if (order.length === 0) break
    for (const name of order) {
      const { arm, state } = arms.get(name) as { arm: Arm; state: VariantProfileState }
      const reply = await options.runArm({ arm, round: r, repeat: plan.repeat, settings, calibration: state.calibration })
      if (state.calibration === null && reply.calibration !== null) state.calibration = reply.calibration
      for (const { capture, values } of reply.captures) state.add(capture, values)
      for (const warning of reply.warnings) if (!warnings.includes(warning)) warnings.push(warning)
      state.retire(reply.outcome)
      options.onRound?.({ arm: name, round: r, rounds: max, status: reply.outcome.status })
    }
  }

  const finishedAt = new Date().toISOString()
  const sideProfile = (side: Side): ScenarioProfile => {
    const states = [...arms.values()].filter((a) => a.arm.side === side)
    return {
      scenarioId: options.head.spec.id,
      baseline: options.head.baseline,
      startedAt,
      finishedAt,
      // Both sides' rounds were interleaved: each side's session lasted the whole of it.
      durationMs: performance.now() - clockStart,
      settings,
      isolation: 'process',
      // An http-load round's profile is of its server's process (revision 3 of the round protocol).
      ...(options.head.spec.runner.kind === 'http-load' ? { profiledProcess: 'server' as const } : {}),
      variants: states.map((a) => a.state.toProfile()),
      error: null,
      warnings: side === 'head' ? warnings : [],
    }
  }
  return { base: options.variants.base.length === 0 ? null : sideProfile('base'), head: sideProfile('head') }
}
