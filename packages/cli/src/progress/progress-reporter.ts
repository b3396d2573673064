import type { ProfileRecord, ProfileStartEvent, Reporter, ResultFile, RoundEvent, ScenarioStartEvent } from '@dyno/core'
import { formatValue } from '@dyno/report'
import type { CliIo } from '../io.js'

/**
 * Shows a run's progress on stderr. On a terminal: one live line per scenario, rewritten in
 * place. Elsewhere (CI logs, pipes): plain lines, one per completed round, so a log shows
 * where a slow or failing run was, without control characters.
 */
export class ProgressReporter implements Reporter {
  private scenario: ScenarioStartEvent | null = null
  /** Figures of the round in progress, one per variant that has reported. */
  private roundValues: string[] = []
  /** Variants that errored or were invalid: no longer scheduled, so rounds complete without them. */
  private retired = new Set<string>()
  private liveLine = false
  private scenarioStartedAt = 0

  constructor(private readonly io: CliIo) {}

  private prefix(): string {
    const s = this.scenario
    return s === null ? '' : `[${s.index + 1}/${s.total}] ${s.scenarioId}`
  }

  private live(text: string): void {
    const width = Math.max(40, (process.stderr.columns ?? 100) - 1)
    this.io.err(`\r\u001b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
    this.liveLine = true
  }

  private line(text: string): void {
    if (this.liveLine) {
      this.io.err('\r\u001b[K')
      this.liveLine = false
    }
    this.io.err(`${text}\n`)
  }

  onRunStart(event: { runId: string; scenarios: string[]; outDir: string }): void {
    this.line(`dyno run ${event.runId}: ${event.scenarios.length} scenario${event.scenarios.length === 1 ? '' : 's'}`)
  }

  /** A line from outside the rounds, e.g. a database that was started or seeded. */
  note(text: string): void {
    this.line(`  ${text}`)
  }

  onScenarioSkipped(event: { scenarioId: string; reason: string }): void {
    this.line(`- skipped ${event.scenarioId}: ${event.reason}`)
  }

  onScenarioStart(event: ScenarioStartEvent): void {
    this.scenario = event
    this.roundValues = []
    this.retired = new Set()
    this.scenarioStartedAt = Date.now()
    this.line(`${this.prefix()}: ${event.variants.join(' vs ')} — ${event.warmupRounds} warm-up + ${event.plannedRounds} rounds`)
  }

  onRound(event: RoundEvent): void {
    const scenario = this.scenario
    if (scenario === null) return
    const expected = scenario.variants.length - this.retired.size
    const label =
      event.phase === 'warmup' ? `warm-up ${event.round + 1}/${event.plannedRounds}` : `round ${event.round + 1}/${event.plannedRounds}`
    if (event.status === 'ok') {
      this.roundValues.push(`${event.variant} ${formatValue(event.primaryValue, scenario.primaryMetric.unit)}`)
    } else {
      this.roundValues.push(`${event.variant} ${event.status}`)
      this.line(`  ✗ ${event.variant} ${event.status} in ${label}: ${event.message ?? ''}`)
      this.retired.add(event.variant)
    }
    if (this.io.interactive) this.live(`${this.prefix()}  ${label}  ${this.roundValues.join(' · ')}`)
    if (this.roundValues.length >= expected) {
      if (!this.io.interactive) this.line(`  ${label}: ${this.roundValues.join(' · ')}`)
      this.roundValues = []
    }
  }

  onProfileStart(event: ProfileStartEvent): void {
    const why = event.trigger === 'regression' ? `because ${event.reason}` : 'as asked'
    this.line(`  profiling ${event.scenarioId} ${why}: ${event.variants.join(', ')} (these rounds are not samples)…`)
  }

  onProfileRound(event: { scenarioId: string; variant: string; round: number; rounds: number; status: string }): void {
    if (this.io.interactive)
      this.live(`  profiling ${event.scenarioId}  round ${event.round + 1}/${event.rounds}  ${event.variant} ${event.status}`)
    else if (event.status !== 'ok') this.line(`  ✗ ${event.variant} ${event.status} while profiling`)
  }

  onProfileEnd(event: { scenarioId: string; record: ProfileRecord }): void {
    const ok = event.record.variants.filter((v) => v.status === 'profiled').length
    this.line(
      `  profiled ${ok}/${event.record.variants.length} variants of ${event.scenarioId} in ${(event.record.durationMs / 1000).toFixed(1)} s`,
    )
    for (const warning of event.record.warnings) this.line(`  ⚠ ${warning}`)
  }

  onScenarioEnd(result: ResultFile, file: string): void {
    const seconds = ((Date.now() - this.scenarioStartedAt) / 1000).toFixed(1)
    const mark = result.outcome === 'completed' ? '✓' : result.outcome === 'partial' ? '!' : '✗'
    this.line(`${mark} ${this.prefix()}: ${result.session.measuredRounds} rounds in ${seconds} s → ${file}`)
    this.scenario = null
  }
}
