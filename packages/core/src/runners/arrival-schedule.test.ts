import { describe, expect, it } from 'vitest'
import { ArrivalSchedule, expectedArrivals, scaleStages, scheduleStages } from './arrival-schedule.js'

function offsets(schedule: ArrivalSchedule): number[] {
  const out: number[] = []
  for (let offset = schedule.nextOffsetMs(); offset !== null; offset = schedule.nextOffsetMs()) out.push(offset)
  return out
}

describe('ArrivalSchedule', () => {
  it('spaces a constant rate evenly: 500 req/s for 1 s is one request every 2 ms', () => {
    const times = offsets(new ArrivalSchedule(scheduleStages({ rate: 500, durationMs: 1000 })))
    expect(times).toHaveLength(500)
    expect(times[0]).toBe(0)
    expect(times[1]).toBeCloseTo(2, 9)
    expect(times[499]).toBeCloseTo(998, 9)
  })

  it('ramps 2,000 → 10,000 req/s over 30 s as in seed 002: 180,000 requests, denser at the end', () => {
    const stages = scheduleStages({ startRate: 2000, stages: [{ durationMs: 30_000, targetRate: 10_000 }] })
    expect(expectedArrivals(stages)).toBe(180_000)
    const times = offsets(new ArrivalSchedule(stages))
    expect(times).toHaveLength(180_000)
    const gap = (i: number) => (times[i + 1] as number) - (times[i] as number)
    expect(gap(0)).toBeCloseTo(0.5, 2) // 1/2000 s
    expect(gap(times.length - 2)).toBeCloseTo(0.1, 2) // 1/10000 s
    // Half-way in time the rate is 6,000/s and 2000·15 + 4000·15/2 … = 60,000 requests are due.
    const dueByHalf = times.filter((t) => t < 15_000).length
    expect(Math.abs(dueByHalf - 60_000)).toBeLessThanOrEqual(1)
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true)
  })

  it('chains stages, including a ramp down to zero, and ends when the profile does', () => {
    const stages = scheduleStages({
      startRate: 0,
      stages: [
        { durationMs: 1000, targetRate: 100 },
        { durationMs: 1000, targetRate: 100 },
        { durationMs: 1000, targetRate: 0 },
      ],
    })
    expect(expectedArrivals(stages)).toBe(200)
    const times = offsets(new ArrivalSchedule(stages))
    expect(times.length).toBeGreaterThanOrEqual(199)
    expect(times.length).toBeLessThanOrEqual(200)
    expect(times.filter((t) => t >= 1000 && t < 2000)).toHaveLength(100)
    expect(Math.max(...times)).toBeLessThanOrEqual(3000)
  })

  it('shortens a profile for quick runs by scaling time and keeping the rates', () => {
    const stages = scaleStages(scheduleStages({ rate: 1000, durationMs: 30_000 }), 0.1)
    expect(stages).toEqual([{ startRate: 1000, endRate: 1000, durationMs: 3000 }])
  })
})
