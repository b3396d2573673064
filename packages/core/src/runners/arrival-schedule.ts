import type { ArrivalProfile, RateStage } from './http-load-spec.js'

/**
 * When each request of the open model is due, as an offset in ms from the start of the
 * profile. The rate is piecewise linear (k6's ramping-arrival-rate stages; a constant rate is
 * one flat stage), and request k is due when the expected number of arrivals so far,
 * N(t) = ∫₀ᵗ rate, reaches k. Inside a stage whose rate goes from a to b over d seconds,
 * N grows as a·t + (b−a)·t²/(2d), so the offset solves a quadratic, taken in its
 * cancellation-free form t = 2m / (a + √(a² + 2·c·m)) with c = (b−a)/d.
 *
 * Arrivals are evenly spaced (deterministic), not Poisson: both variants then get exactly the
 * same schedule, and the latency spread that remains is the server's own.
 */
export interface ScheduleStage {
  startRate: number
  endRate: number
  durationMs: number
}

export function scheduleStages(profile: ArrivalProfile): ScheduleStage[] {
  if ('rate' in profile) return [{ startRate: profile.rate, endRate: profile.rate, durationMs: profile.durationMs }]
  const stages: ScheduleStage[] = []
  let rate = profile.startRate
  for (const stage of profile.stages as readonly RateStage[]) {
    stages.push({ startRate: rate, endRate: stage.targetRate, durationMs: stage.durationMs })
    rate = stage.targetRate
  }
  return stages
}

export function profileDurationMs(profile: ArrivalProfile): number {
  return scheduleStages(profile).reduce((sum, s) => sum + s.durationMs, 0)
}

/** Requests the profile schedules in total (rounded down). */
export function expectedArrivals(stages: readonly ScheduleStage[]): number {
  let total = 0
  for (const s of stages) total += ((s.startRate + s.endRate) / 2) * (s.durationMs / 1000)
  return Math.floor(total + 1e-9)
}

/** Scales every stage's duration (keeping rates), e.g. to shorten a profile for --quick runs. */
export function scaleStages(stages: readonly ScheduleStage[], factor: number): ScheduleStage[] {
  return stages.map((s) => ({ ...s, durationMs: s.durationMs * factor }))
}

export class ArrivalSchedule {
  private stageIndex = 0
  /** Offset (ms) at which the current stage starts. */
  private stageStartMs = 0
  /** Arrivals expected before the current stage starts. */
  private arrivalsBeforeStage = 0
  private next = 0

  constructor(private readonly stages: readonly ScheduleStage[]) {}

  get totalDurationMs(): number {
    return this.stages.reduce((sum, s) => sum + s.durationMs, 0)
  }

  /** Offset in ms of the next request, or null when the profile is over. */
  nextOffsetMs(): number | null {
    const k = this.next
    while (this.stageIndex < this.stages.length) {
      const stage = this.stages[this.stageIndex] as ScheduleStage
      const a = stage.startRate
      const b = stage.endRate
      const d = stage.durationMs / 1000
      const inStage = ((a + b) / 2) * d
      const m = k - this.arrivalsBeforeStage
      if (m < inStage - 1e-9) {
        const c = d > 0 ? (b - a) / d : 0
        const discriminant = a * a + 2 * c * m
        const denominator = a + Math.sqrt(Math.max(0, discriminant))
        const t = m === 0 ? 0 : denominator > 0 ? (2 * m) / denominator : d
        this.next++
        return this.stageStartMs + Math.min(t, d) * 1000
      }
      this.arrivalsBeforeStage += inStage
      this.stageStartMs += stage.durationMs
      this.stageIndex++
    }
    return null
  }
}
